import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines, visibleText } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(T0), ...options });
}
afterEach(async () => h.close());

function event(type: string, at: number, fields: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type,
    organization_id: 'org',
    created_at: new Date(at).toISOString(),
    event: { execution_id: randomUUID(), sync_id: ORDERS, sync_name: 'Orders to Snowflake', ...fields },
  };
}

async function command(text: string, userId = 'U0ALICE') {
  const ack = await h.command(text, { userId });
  await h.settle();
  return h.replies(ack.responseUrlId).at(-1);
}

/** Delivers, lets the job run, then lets the batch window close and ticks. */
async function deliverAndFlush(...events: unknown[]) {
  for (const e of events) expect((await h.deliver(e)).status).toBe(200);
  await h.settle();
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  return h.tick();
}

const topLevel = () => h.posted().filter((m) => !m.threadTs);
const thread = (ts: string) => h.posted().filter((m) => m.threadTs === ts);
/** The message as the channel shows it now: as posted, then as last updated. */
const shown = (ts: string) => h.slack.messages.filter((m) => m.ts === ts && m.channel === 'C0DATA').at(-1);
const at = (ms: number, format = '{date_short_pretty} at {time}') => {
  const fallback = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
};

/** Presses a control of the alert `ts` (by its label; a menu by its option's label); returns what the presser was told. */
async function press(ts: string, label: string, fields: { userId?: string; userTeamId?: string } = {}) {
  const controls = buttonsOf(shown(ts));
  const button = controls.find((b) => b.label === label);
  const option = controls
    .flatMap((b) => (b.options ?? []).map((o) => ({ ...o, actionId: b.actionId })))
    .find((o) => o.label === label);
  const target = button ?? option;
  if (!target) throw new Error(`no control ${label} on the alert: ${controls.map((b) => b.label).join(', ')}`);
  const { responseUrlId } = await h.press(target.actionId!, target.value, {
    messageTs: ts,
    selected: option !== undefined,
    ...fields,
  });
  await h.settle();
  return visibleText(h.replies(responseUrlId).at(-1));
}

async function failingAlert() {
  await command('watch Orders to Snowflake');
  await deliverAndFlush(event('sync.failed', T0 + 1_000, { error: 'warehouse is suspended' }));
  const [alert] = topLevel();
  return alert!.ts!;
}

const controlsOf = (ts: string) => buttonsOf(shown(ts)).map((b) => b.label);

describe("I'm on it and Release", () => {
  it('stamps the alert with its one owner, mentions them in the thread, and closes it on recovery', async () => {
    await start();
    const ts = await failingAlert();
    expect(controlsOf(ts)).toEqual([
      'Show log',
      'Start sync',
      'Pause sync',
      'Open in Polytomic',
      "I'm on it",
      'Snooze ▾',
    ]);

    h.clock.set(T0 + 10 * 60_000);
    expect(await press(ts, "I'm on it")).toBe(
      'You are on *Orders to Snowflake*; the alert says so, and its next failures mention you. Press *Release* to hand it back.',
    );
    expect(visibleLines(shown(ts)).slice(-3)).toEqual([
      `:technologist: <@U0ALICE> is on it since ${at(T0 + 10 * 60_000, '{time}')}`,
      '[Release]',
      '[Snooze ▾]',
    ]);
    expect(h.slack.messages.filter((m) => m.via === 'chat.update')).toHaveLength(1);

    expect(await press(ts, 'Release', { userId: 'U0BOB' })).toBe(
      'Only <@U0ALICE>, who is on *Orders to Snowflake*, can release it. Nothing was changed.',
    );
    await deliverAndFlush(event('sync.failed', T0 + 20 * 60_000, { error: 'quota exceeded' }));
    expect(visibleLines(thread(ts).at(-1))).toEqual([
      `:red_circle: *Orders to Snowflake* failed again ${at(T0 + 20 * 60_000)}: quota exceeded`,
      '[Show log]',
      '<@U0ALICE> is on it.',
    ]);

    await deliverAndFlush(event('sync.completed', T0 + 30 * 60_000, { record_count: 12 }));
    expect(thread(ts).at(-1)?.text).toContain('recovered');
    expect(visibleLines(shown(ts)).slice(-1)).toEqual([
      `:white_check_mark: Recovered ${at(T0 + 30 * 60_000)} · <@U0ALICE> was on it`,
    ]);
    expect(controlsOf(ts)).toEqual(['Show log', 'Start sync', 'Pause sync', 'Open in Polytomic']);

    expect(visibleText(await command('audit'))).toContain(
      `<@U0ALICE> worked the alert of *Orders to Snowflake* (model sync): taken`,
    );
  });

  it('tells a second presser who has it, and lets the owner hand it back to them', async () => {
    await start();
    const ts = await failingAlert();
    const taken = h.clock.now();
    await press(ts, "I'm on it");
    // The second press lands on the alert as it was before the first one redrew it.
    const { responseUrlId } = await h.press('alert_take', `model:${ORDERS}`, { messageTs: ts, userId: 'U0BOB' });
    await h.settle();
    expect(visibleText(h.replies(responseUrlId).at(-1))).toBe(
      `<@U0ALICE> is already on *Orders to Snowflake* (since ${at(taken, '{time}')}); ask them, or wait until they release it. Nothing was changed.`,
    );
    h.clock.advance(1_000);
    expect(await press(ts, 'Release')).toBe('You released *Orders to Snowflake*; anyone can take it now.');
    expect(controlsOf(ts)).toContain("I'm on it");
    h.clock.advance(1_000);
    expect(await press(ts, "I'm on it", { userId: 'U0BOB' })).toContain('You are on *Orders to Snowflake*');
    expect(visibleText(shown(ts))).toContain('<@U0BOB> is on it since');
    const outcomes = visibleText(await command('audit'))
      .split('\n')
      .filter((line) => line.includes('worked the alert of'))
      .map((line) => line.replace(/^.*\(model sync\): /, ''));
    // Newest first; the refused press is not a change.
    expect(outcomes).toEqual(['taken', 'released', 'taken']);
  });

  it('gives the alert to one of two people pressing at once, and tells the other who has it', async () => {
    await start();
    const ts = await failingAlert();
    const presses = await Promise.all(
      ['U0ALICE', 'U0BOB'].map((userId) => h.press('alert_take', `model:${ORDERS}`, { messageTs: ts, userId })),
    );
    await h.settle();
    const told = presses.map((p) => visibleText(h.replies(p.responseUrlId).at(-1)));
    const owner = told[0]!.startsWith('You are on') ? 'U0ALICE' : 'U0BOB';
    expect(told.filter((t) => t.startsWith('You are on'))).toHaveLength(1);
    expect(told.filter((t) => t.startsWith(`<@${owner}> is already on *Orders to Snowflake*`))).toHaveLength(1);
    expect(visibleText(shown(ts))).toContain(`<@${owner}> is on it since`);
  });

  it('refuses a guest from another organisation, and changes nothing', async () => {
    await start();
    const ts = await failingAlert();
    expect(await press(ts, "I'm on it", { userId: 'U0GUEST', userTeamId: 'T0OTHER' })).toContain(
      'you can look things up, but not take, release or snooze alerts. Nothing was changed.',
    );
    expect(controlsOf(ts)).toContain("I'm on it");
    expect(h.slack.messages.filter((m) => m.via === 'chat.update')).toHaveLength(0);
  });
});

describe('snooze', () => {
  it('silences failures from the alert menu and reminds once, in the thread, when it ends still failing', async () => {
    await start();
    const ts = await failingAlert();
    const end = h.clock.now() + HOUR;
    expect(await press(ts, '1 hour')).toBe(
      `:zzz: <@U0ALICE> snoozed *Orders to Snowflake* until ${at(end)}: its failures are recorded but not posted here until then.`,
    );
    expect(visibleLines(shown(ts))).toContain(`:zzz: Snoozed by <@U0ALICE> until ${at(end)}`);
    const postsBefore = h.posted().length;
    await deliverAndFlush(event('sync.failed', T0 + 10 * 60_000, { error: 'again' }));
    await deliverAndFlush(event('sync.failed', T0 + 20 * 60_000, { error: 'and again' }));
    expect(h.posted()).toHaveLength(postsBefore);

    h.clock.set(end);
    await h.tick();
    await h.tick();
    h.clock.advance(HOUR);
    await h.tick();
    expect(thread(ts).map(visibleText)).toEqual([
      ':alarm_clock: The snooze of *Orders to Snowflake* is over and it is still failing. Nobody has taken it.',
    ]);
    expect(visibleText(shown(ts))).not.toContain('Snoozed');
    // The failures while snoozed moved the state on: the next one is a repeat in the same thread.
    await deliverAndFlush(event('sync.failed', T0 + 3 * HOUR, { error: 'still' }));
    expect(thread(ts).at(-1)?.text).toContain('failed again');
  });

  it('snoozes by command before a failure, lists it in watch, and reminds at top level if it is failing at the end', async () => {
    await start();
    await command('watch Orders to Snowflake');
    const said = await command('snooze Orders to Snowflake 4h');
    expect(said?.responseType).toBe('in_channel');
    expect(visibleText(said)).toBe(
      `:zzz: <@U0ALICE> snoozed *Orders to Snowflake* until ${at(T0 + 4 * HOUR)}: its failures are recorded but not posted here until then.`,
    );
    expect(visibleLines(await command('watch'))).toContain(
      `• :zzz: *Orders to Snowflake* snoozed by <@U0ALICE> until ${at(T0 + 4 * HOUR)}`,
    );
    await deliverAndFlush(event('sync.failed', T0 + HOUR, { error: 'warehouse is suspended' }));
    expect(h.posted()).toHaveLength(0);

    h.clock.set(T0 + 4 * HOUR);
    await h.tick();
    await h.tick();
    expect(h.posted().map(visibleText)).toEqual([
      ':alarm_clock: The snooze of *Orders to Snowflake* is over and it is still failing. Nobody has taken it.',
    ]);
    expect(visibleLines(await command('watch'))).not.toContain(expect.stringContaining('snoozed by'));
  });

  it('says nothing at the end of a snooze when the sync recovered inside it, and posts its next failure', async () => {
    await start();
    await command('watch Orders to Snowflake');
    await command('snooze Orders to Snowflake 1h');
    await deliverAndFlush(event('sync.failed', T0 + 60_000), event('sync.completed', T0 + 120_000));
    h.clock.set(T0 + HOUR);
    await h.tick();
    expect(h.posted()).toHaveLength(0);
    await deliverAndFlush(event('sync.failed', T0 + 2 * HOUR, { error: 'new failure' }));
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('*Orders to Snowflake* (model sync) failed'),
    ]);
  });

  it('closes the alert quietly on a recovery during "until it recovers", which ends the snooze', async () => {
    await start();
    const ts = await failingAlert();
    await press(ts, 'until it recovers');
    expect(visibleLines(shown(ts))).toContain(':zzz: Snoozed by <@U0ALICE> until it recovers');
    await deliverAndFlush(event('sync.completed', T0 + HOUR));
    expect(thread(ts).map((m) => [m.text?.includes('recovered'), m.broadcast])).toEqual([[true, false]]);
    expect(visibleLines(shown(ts)).at(-1)).toBe(`:white_check_mark: Recovered ${at(T0 + HOUR)}`);
    await deliverAndFlush(event('sync.failed', T0 + 2 * HOUR, { error: 'back' }));
    expect(topLevel()).toHaveLength(2);
  });

  it('ends a snooze with unsnooze, and explains what a snooze needs', async () => {
    await start();
    await command('watch Orders to Snowflake');
    await command('snooze Orders to Snowflake 1d');
    expect(visibleText(await command('unsnooze orders to snowflake'))).toBe(
      ':bell: <@U0ALICE> ended the snooze of *Orders to Snowflake*: its alerts are posted here again.',
    );
    expect(visibleText(await command('unsnooze Orders to Snowflake'))).toBe(
      'No sync called *Orders to Snowflake* is snoozed in this channel; `/polytomic watch` lists the snoozes.',
    );
    expect(visibleText(await command('snooze Orders to Snowflake for a bit'))).toContain(
      'Snooze which sync, and for how long?',
    );
    await deliverAndFlush(event('sync.failed', T0 + HOUR));
    expect(topLevel()).toHaveLength(1);
  });
});

describe('owners and the unowned reminder', () => {
  it('stores who to notify, mentions them on the first failure, and reminds them once after 30 minutes', async () => {
    await start();
    await command('watch Orders to Snowflake');
    expect(
      visibleText(await command('watch Orders to Snowflake notify <@U0BOB|bob> <!subteam^S0DATA|@data-team>')),
    ).toBe(
      ':bell: <@U0ALICE> set the alerts of *Orders to Snowflake* in this channel to notify <@U0BOB> <!subteam^S0DATA>.',
    );
    expect(visibleText(await command('watch'))).toContain(
      '*Orders to Snowflake* · failures and recoveries · added by <@U0ALICE>',
    );
    expect(visibleText(await command('watch'))).toContain('· notifies <@U0BOB> <!subteam^S0DATA>');

    await deliverAndFlush(event('sync.failed', T0 + 1_000, { error: 'warehouse is suspended' }));
    const [alert] = topLevel();
    expect(visibleLines(alert)).toContain(':bell: <@U0BOB> <!subteam^S0DATA>');
    expect(alert?.text).toContain('<@U0BOB> <!subteam^S0DATA>');

    h.clock.set(T0 + 1_000 + DEFAULT_TIMING.alertBatchMs + 29 * 60_000);
    await h.tick();
    expect(thread(alert!.ts!)).toEqual([]);
    h.clock.advance(60_000);
    await h.tick();
    await h.tick();
    h.clock.advance(HOUR);
    await h.tick();
    expect(thread(alert!.ts!).map(visibleText)).toEqual([
      ':rotating_light: *Orders to Snowflake* has been failing for 30 minutes and nobody has taken it. <@U0BOB> <!subteam^S0DATA>, can one of you take it?',
    ]);
  });

  it('sends no reminder for a failure someone took, and says nobody has taken one without owners', async () => {
    await start();
    const ts = await failingAlert();
    await press(ts, "I'm on it");
    await command('watch all');
    await deliverAndFlush(
      event('sync.failed', T0 + 2_000, { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn' }),
    );
    const churn = topLevel().find((m) => m.text?.includes('Churn'))!;
    h.clock.advance(31 * 60_000);
    await h.tick();
    expect(thread(ts)).toEqual([]);
    expect(thread(churn.ts!).map(visibleText)).toEqual([
      ':rotating_light: *Churn* has been failing for 30 minutes and nobody has taken it. Press *I’m on it* on the alert to take it.',
    ]);
  });

  it("mentions every watch's people once on a grouped alert", async () => {
    await start();
    await command('watch all notify <@U0BOB|bob>');
    await command('watch Orders to Snowflake notify <@U0BOB|bob> <!subteam^S0DATA|@data>');
    const churn = { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn' };
    await deliverAndFlush(event('sync.failed', T0 + 1_000), event('sync.failed', T0 + 2_000, churn));
    const [grouped] = topLevel();
    expect(grouped?.text).toMatch(/^2 syncs failed/);
    expect(visibleLines(grouped).at(-1)).toBe(':bell: <@U0BOB> <!subteam^S0DATA>');
    expect(controlsOf(grouped!.ts!)).toEqual(["I'm on it", 'Release', 'Snooze all ▾']);
    // Each sync's failure is open in the grouped thread (the Home lists them), with no reminder per sync.
    const open = await h.worker.incidentStore.ofChannel('C0DATA');
    expect(open.map((i) => [i.syncName, i.threadTs, i.alert, i.remindUnownedAt]).sort()).toEqual([
      ['Churn', grouped!.ts, undefined, undefined],
      ['Orders to Snowflake', grouped!.ts, undefined, undefined],
    ]);
    h.clock.advance(31 * 60_000);
    await h.tick();
    expect(thread(grouped!.ts!)).toEqual([]);
    // A recovery closes that sync's failure; the grouped message, which speaks for both, is left as posted.
    await deliverAndFlush(event('sync.completed', T0 + 40 * 60_000, { record_count: 3 }));
    const after = await h.worker.incidentStore.ofChannel('C0DATA');
    expect(after.filter((i) => i.recoveredAt === undefined).map((i) => i.syncName)).toEqual(['Churn']);
    expect(h.slack.messages.filter((m) => m.via === 'chat.update')).toEqual([]);
  });

  it('takes every open failure of a grouped alert at one press, says so in its thread, and lets only its owner release them', async () => {
    await start();
    await command('watch all');
    const churn = { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn' };
    await deliverAndFlush(event('sync.failed', T0 + 1_000), event('sync.failed', T0 + 2_000, churn));
    const ts = topLevel()[0]!.ts!;

    // A double click: two presses of I'm on it by the same person.
    const [first, second] = await Promise.all([press(ts, "I'm on it"), press(ts, "I'm on it")]);
    expect([first, second]).toContain(
      'You are on *Churn*, *Orders to Snowflake*; their next failures mention you. Press *Release* here to hand them back.',
    );
    // Each failure is taken once and said once in the thread (the two presses may split them between two notes).
    const notes = thread(ts).map(visibleText);
    expect(notes.every((note) => note.startsWith(':technologist: <@U0ALICE> is on '))).toBe(true);
    expect(notes.flatMap((note) => note.match(/\*[^*]+\*/g) ?? []).sort()).toEqual([
      '*Churn*',
      '*Orders to Snowflake*',
    ]);
    expect(await press(ts, "I'm on it", { userId: 'U0BOB' })).toBe(
      "Nothing was changed. *Churn* is <@U0ALICE>'s; *Orders to Snowflake* is <@U0ALICE>'s.",
    );
    expect(await press(ts, 'Release', { userId: 'U0BOB' })).toBe(
      'You are on none of these failures, so there is nothing to release. Nothing was changed.',
    );

    // Its next failure replies in the group's thread and mentions the owner.
    await deliverAndFlush(event('sync.failed', T0 + 20 * 60_000, { error: 'quota exceeded' }));
    expect(visibleLines(thread(ts).at(-1))).toContain('<@U0ALICE> is on it.');

    expect(await press(ts, 'Release')).toBe('You released *Churn*, *Orders to Snowflake*; anyone can take them now.');
    expect(visibleText(thread(ts).at(-1))).toBe(
      '<@U0ALICE> released *Churn*, *Orders to Snowflake*; anyone can take them now.',
    );
    const outcomes = visibleText(await command('audit'))
      .split('\n')
      .filter((line) => line.includes('worked the alert of'))
      .map((line) => line.replace(/^.*<@U0ALICE> worked the alert of /, ''));
    expect(outcomes.sort()).toEqual([
      '*Churn* (model sync): released',
      '*Churn* (model sync): taken',
      '*Orders to Snowflake* (model sync): released',
      '*Orders to Snowflake* (model sync): taken',
    ]);
  });

  it('snoozes every open failure of a grouped alert at one pick, says so once in its thread, and posts none of their failures', async () => {
    await start();
    await command('watch all');
    const churn = { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn' };
    await deliverAndFlush(event('sync.failed', T0 + 1_000), event('sync.failed', T0 + 2_000, churn));
    const ts = topLevel()[0]!.ts!;
    const said = `:zzz: <@U0ALICE> snoozed *Churn*, *Orders to Snowflake* until ${at(h.clock.now() + 4 * 3_600_000)}: their failures are recorded but not posted here until then.`;
    expect(await press(ts, '4 hours')).toBe(said);
    expect(thread(ts).map(visibleText)).toEqual([said]);
    await deliverAndFlush(event('sync.failed', T0 + 20 * 60_000, { error: 'quota exceeded' }));
    expect(thread(ts)).toHaveLength(1);
    expect(visibleText(await command('watch'))).toContain(':zzz: *Orders to Snowflake* snoozed by <@U0ALICE>');
  });

  it('refuses a notify clause that is not a mention, and changes nothing', async () => {
    await start();
    await command('watch Orders to Snowflake');
    expect(visibleText(await command('watch Orders to Snowflake notify bob'))).toBe(
      'I can notify only people and user groups, typed as Slack mentions: `/polytomic watch <sync> notify @person @group` (at most 10; `notify none` clears them). *bob* is not one of those. Nothing was changed.',
    );
    expect(visibleText(await command('watch'))).not.toContain('notifies');
  });
});

describe('timers through failures', () => {
  it("posts a reminder once when Slack's answer to it was lost and the run is taken over", async () => {
    await start({ timing: { slackTimeoutMs: 200 } });
    const ts = await failingAlert();
    h.clock.advance(31 * 60_000);
    h.slack.failNext({ method: 'chat.postMessage', slowMs: 1_000 });
    expect((await h.tick()).incidents).toEqual({ reminded: 0, done: 0, retry: 1 });
    expect(thread(ts)).toHaveLength(1);
    await h.tick();
    expect(thread(ts)).toHaveLength(1);
    h.clock.advance(DEFAULT_TIMING.incidentLeaseMs);
    expect((await h.tick()).incidents).toEqual({ reminded: 1, done: 1, retry: 0 });
    expect(thread(ts).map((m) => m.text)).toEqual([expect.stringContaining('nobody has taken it')]);
  });
});
