import { describe, expect, it } from 'vitest';
import type { DigestSubscription } from '../../src/lib/core/digest.js';
import { parseDigestCommand } from '../../src/lib/core/digest.js';
import { digestDefinition, digestIdCandidates } from '../../src/lib/core/digest-identity.js';
import type { DigestRow } from '../../src/lib/core/render-digest.js';
import { renderDigest, renderDigestCreated } from '../../src/lib/core/render-digest.js';
import type { RunSummary } from '../../src/lib/core/sync.js';
import { visibleLines, visibleText } from '../support/visible.js';

describe('parseDigestCommand', () => {
  it('reads each schedule with its time zone and scope', () => {
    expect(parseDigestCommand('daily 09:00 Europe/Paris')).toEqual({
      kind: 'subscribe',
      schedule: { every: 'daily', weekday: undefined, hour: 9, minute: 0, timeZone: 'Europe/Paris' },
      scope: { kind: 'all' },
    });
    expect(parseDigestCommand('weekly Monday 9:05 for a, "b c"')).toMatchObject({
      schedule: { every: 'weekly', weekday: 1, hour: 9, minute: 5 },
      scope: { kind: 'names', names: ['a', 'b c'] },
    });
    expect(parseDigestCommand('weekdays 17h30 only failing')).toMatchObject({
      schedule: { every: 'weekdays', hour: 17, minute: 30, timeZone: undefined },
      scope: { kind: 'only_failing' },
    });
  });

  it('reads list, off, off with an id, and now', () => {
    expect(parseDigestCommand('')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('off')).toEqual({ kind: 'off' });
    expect(parseDigestCommand('off ab12cd')).toEqual({ kind: 'off', id: 'ab12cd' });
    expect(parseDigestCommand('off AB12CD')).toEqual({ kind: 'off', id: 'ab12cd' });
    expect(parseDigestCommand('now')).toEqual({ kind: 'now' });
  });

  it.each([
    ['mon', 1],
    ['Monday', 1],
    ['MONDAYS', 1],
    ['tues', 2],
    ['weds', 3],
    ['Wednesday', 3],
    ['thurs', 4],
    ['sun', 7],
  ])('reads the day `%s` as ISO weekday %i', (day, weekday) => {
    expect(parseDigestCommand(`weekly ${day} 09:00`)).toMatchObject({
      kind: 'subscribe',
      schedule: { every: 'weekly', weekday },
    });
  });

  it.each(['monkey', 'mo', 'tuesdayy', 'frisbee'])(
    'refuses `%s` as a day rather than guessing from its first letters',
    (day) => {
      expect(parseDigestCommand(`weekly ${day} 09:00`)).toMatchObject({
        kind: 'invalid',
        problem: 'Say which day for a weekly digest, e.g. `weekly mon 09:00`.',
      });
    },
  );

  it('refuses impossible times and trailing words', () => {
    expect(parseDigestCommand('daily 24:00').kind).toBe('invalid');
    expect(parseDigestCommand('daily 09:60').kind).toBe('invalid');
    expect(parseDigestCommand('daily 09:00 UTC please')).toMatchObject({ kind: 'invalid' });
  });
});

describe('digestDefinition', () => {
  const syncs = (...ids: string[]) => ({
    kind: 'syncs' as const,
    syncs: ids.map((id) => ({ id, kind: 'model' as const, name: id })),
  });
  const define = (
    schedule: Partial<DigestSubscription['schedule']> = {},
    scope: DigestSubscription['scope'] = { kind: 'all' },
    channelId = 'C1',
  ) =>
    digestDefinition({
      channelId,
      schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC', ...schedule },
      scope,
    });

  it('is the same for the same digest however it was spelled', () => {
    expect(define({ timeZone: 'europe/paris' })).toBe(define({ timeZone: 'Europe/Paris' }));
    expect(define({ timeZone: 'Etc/UTC' })).toBe(define({ timeZone: 'UTC' }));
    expect(define({ every: 'daily', weekday: 3 })).toBe(define({ every: 'daily' }));
    expect(define({}, syncs('b', 'a', 'b'))).toBe(define({}, syncs('a', 'b')));
  });

  it('tells apart what makes a digest different', () => {
    const base = define();
    for (const other of [
      define({}, { kind: 'all' }, 'C2'),
      define({ every: 'weekdays' }),
      define({ every: 'weekly', weekday: 1 }),
      define({ hour: 10 }),
      define({ minute: 30 }),
      define({ timeZone: 'Europe/Paris' }),
      define({}, { kind: 'only_failing' }),
      define({}, syncs('a')),
    ]) {
      expect(other).not.toBe(base);
    }
    expect(define({ every: 'weekly', weekday: 1 })).not.toBe(define({ every: 'weekly', weekday: 2 }));
    expect(define({}, syncs('a'))).not.toBe(define({}, syncs('a', 'b')));
  });

  it('gives ten candidate ids of six hex characters, the same each time', () => {
    const ids = digestIdCandidates(define());
    expect(ids).toHaveLength(10);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{6}$/);
    expect(digestIdCandidates(define())).toEqual(ids);
    expect(digestIdCandidates(define({ hour: 10 }))[0]).not.toBe(ids[0]);
  });
});

const run = (status: string, errors: string[] = []): RunSummary => ({
  status,
  counts: {},
  errors,
  completedAt: '2026-11-23T08:00:00Z',
});
const row = (i: number, status: string, active = true): DigestRow => ({
  sync: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Sync ${i}`, kind: 'model', active },
  status: { last: run(status, status === 'failed' ? [`error ${i}`] : []) },
});
const schedule = { every: 'daily' as const, hour: 9, minute: 0, timeZone: 'UTC' };

describe('renderDigest', () => {
  it('says in one line that everything is healthy', () => {
    const digest = renderDigest({
      subscription: { schedule, scope: { kind: 'all' } },
      rows: [row(1, 'completed'), row(2, 'completed', false)],
      polytomicUrl: 'https://p',
    });
    expect(digest.message?.text).toBe(':white_check_mark: all 1 active sync is healthy (1 paused).');
    expect(digest.details).toBeUndefined();
  });

  it('posts nothing for an only-failing digest when nothing fails, yet remembers what it saw', () => {
    const digest = renderDigest({
      subscription: { schedule, scope: { kind: 'only_failing' } },
      rows: [row(1, 'completed')],
      polytomicUrl: 'https://p',
    });
    expect(digest.message).toBeUndefined();
    expect(digest.snapshot).toEqual({ [row(1, 'completed').sync.id]: 'ok' });
  });

  it('says in an only-failing digest that it is posted only when something fails, and in its preview that none would be', () => {
    const note = (rows: DigestRow[], preview = false) => {
      const blocks =
        renderDigest({
          subscription: { schedule, scope: { kind: 'only_failing' } },
          rows,
          polytomicUrl: 'https://p',
          preview,
        }).message?.blocks ?? [];
      const last = blocks.at(-1);
      return last?.type === 'context' && last.elements[0]?.type === 'mrkdwn' ? last.elements[0].text : undefined;
    };
    expect(note([row(1, 'failed'), row(2, 'completed')])).toBe(
      ':information_source: An *only failing* digest: it is posted when at least one sync is failing, as now, and skipped when none is.',
    );
    expect(note([row(1, 'completed')], true)).toBe(
      ':information_source: An *only failing* digest: with nothing failing, none would be posted now.',
    );
    const full = renderDigest({
      subscription: { schedule, scope: { kind: 'all' } },
      rows: [row(1, 'failed')],
      polytomicUrl: 'https://p',
    });
    expect(visibleText(full.message)).not.toContain('only failing');
  });

  it('confirms an only-failing subscription by saying when it is skipped', () => {
    const subscription: DigestSubscription = {
      id: 'a1b2c3',
      channelId: 'C1',
      schedule,
      scope: { kind: 'only_failing' },
      createdBy: 'U1',
      createdAt: 0,
      nextRunAt: Date.parse('2026-11-23T09:00:00Z'),
      version: 0,
    };
    expect(renderDigestCreated(subscription, false, '/polytomic').text).toBe(
      ':calendar: <@U1> set up a Polytomic digest here, daily at 09:00 (UTC), for every sync, posted only when at least one is failing (skipped when none is). ' +
        'It first checks <!date^1795424400^{date_short_pretty} at {time}|2026-11-23 09:00:00 UTC>. `/polytomic digest off a1b2c3` stops it.',
    );
  });

  it('stays within Block Kit limits with 300 syncs, 60 of them failing, and lists every one in the thread', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i, i % 5 === 0 ? 'failed' : 'completed'));
    const digest = renderDigest({
      subscription: { schedule, scope: { kind: 'all' } },
      rows,
      polytomicUrl: 'https://p',
    });
    expect(digest.message!.blocks!.length).toBeLessThanOrEqual(50);
    const lines = visibleLines(digest.message);
    expect(lines.filter((line) => line.startsWith(':red_circle:'))).toHaveLength(8);
    expect(lines).toContain('52 more failing. Every sync is listed in the thread.');
    expect(digest.details!.blocks!.length).toBeLessThanOrEqual(50);
    // One line per sync, each named once.
    const names = visibleLines(digest.details).map(
      (line) => /^:[a-z_]+: <https:\/\/p\/syncs\/[\w-]+\|(Sync \d+)> · /.exec(line)?.[1],
    );
    expect(names).toHaveLength(300);
    expect(new Set(names)).toEqual(new Set(rows.map((r) => r.sync.name)));
  });
});
