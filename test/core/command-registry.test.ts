import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/lib/core/command.js';
import { COMMANDS, SUBCOMMANDS, usageLines } from '../../src/lib/core/commands/registry.js';
import { renderHelp } from '../../src/lib/core/help.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the subcommand registry', () => {
  it('gives each word one meaning: names and aliases never collide, and each is read as its subcommand', () => {
    const words = COMMANDS.flatMap((command) => [command.name, ...command.aliases]);
    expect(new Set(words).size).toBe(words.length);
    for (const command of COMMANDS)
      for (const word of [command.name, ...command.aliases])
        expect(parseCommand(`${word} x`)).toMatchObject({ kind: command.name });
  });

  it("is help's list of commands, in the order and words help has always had", () => {
    expect(usageLines('/polytomic')).toEqual([
      "`/polytomic status <sync>`: a sync's current and last run, record counts, errors and next run",
      '`/polytomic status`: every sync at a glance, failing and running first',
      "`/polytomic refresh <connection>`: have Polytomic re-inspect a connection's schemas; I reply in a thread when it is done",
      "`/polytomic connection [connection]`: a connection's health and schema cache, or every connection",
      '`/polytomic audit [sync or connection]`: who changed what through the bot, newest first',
      '`/polytomic digest daily 09:00 [Europe/Paris] [for <sync>, <sync> | only failing]`: a scheduled summary in this channel (also `weekdays 08:30`, `weekly mon 09:00`); `/polytomic digest` lists, `digest off [id]` stops, `digest now` previews',
      '`/polytomic watch <sync>|all [failures|all-runs]`: alerts in this channel when a sync fails and recovers (`watch` lists, `unwatch <sync>|all` stops)',
      '`/polytomic watch <sync> notify @person @group`: who its first failure alert mentions, and its reminder when nobody takes it (`notify none` clears)',
      '`/polytomic watch <sync> stale 6h|errors &gt; 100|errors &gt; 5%|running &gt; 2h|running &gt; 3x`: alerts when a rule fires (`stale off` removes one)',
      '`/polytomic snooze <sync> 4h|1d|1w|until it recovers`: no alerts about it here for that long; failures are still recorded, and one reminder comes if it is still failing when the snooze ends (`unsnooze <sync>` ends it sooner)',
      '`/polytomic webhook [setup]`: where Polytomic sends sync events; `setup` points its webhook at this bot',
      '`/polytomic help`: this message',
    ]);
    expect(renderHelp('/polytomic').text).toBe(
      `Polytomic from Slack: check your syncs and refresh connections without leaving the channel.\n${usageLines('/polytomic').join('\n')}`,
    );
  });

  it("is the README's command list: every subcommand is there, and nothing else is", () => {
    const list = README.slice(0, README.indexOf("Buttons on the bot's messages"));
    const named = new Set([...list.matchAll(/`\/polytomic\s+([a-z?-]+)/g)].map((match) => match[1]!));
    expect([...named].sort()).toEqual([...SUBCOMMANDS].sort());
  });
});
