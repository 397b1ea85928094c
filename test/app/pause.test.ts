import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const USAGE = SIMULATOR_IDS.syncs.productUsageToHubspot; // continuous: a run is in progress most of the time
const LEAD_SCORES = SIMULATOR_IDS.syncs.leadScoresToSalesforce; // paused in the seed
const HUBSPOT_BULK = SIMULATOR_IDS.bulkSyncs.hubspotToBigquery;
// A moment at which Product Usage is mid-run (its runs start every 5 minutes and last 4m15s).
const T0 = Date.parse('2026-01-14T10:14:00Z');
const PRESSED_AT = '<!date^1768385640^{time}|2026-01-14 10:14:00 UTC>';
const MESSAGE_TS = '1700000000.000100';

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(T0), ...options });
}
afterEach(async () => h.close());

const activations = (path: string) => h.polytomic.calls.filter((c) => c.method === 'POST' && c.path === path);
const auditOf = async (targetId: string) => (await h.worker.auditStore.list({ targetId, limit: 20 })).entries;
const buttonValue = (message: Parameters<typeof buttonsOf>[0], actionId: string) =>
  buttonsOf(message).find((b) => b.actionId === actionId)?.value;
const labels = (message: Parameters<typeof buttonsOf>[0]) => buttonsOf(message).map((b) => b.label);
/** The line under a card's buttons saying what a press did. */
function noteOf(message: Parameters<typeof visibleLines>[0]) {
  const lines = visibleLines(message);
  return lines[lines.findLastIndex((line) => line.startsWith('[')) + 1];
}

/** Polytomic's own answer: is the sync active, and its run in progress. */
async function polytomicSync(id: string, kind: 'model' | 'bulk' = 'model') {
  const path = kind === 'model' ? `/api/syncs/${id}` : `/api/bulk/syncs/${id}`;
  const get = async (suffix: string) =>
    (
      (await (
        await h.polytomic.fetch(`${path}${suffix}`, { headers: { authorization: `Bearer ${POLYTOMIC_KEY}` } })
      ).json()) as { data: Record<string, unknown> }
    ).data;
  return { active: (await get('')).active, current: (await get('/status')).current_execution as { status: string } };
}

async function statusCard(name: string) {
  const ack = await h.command(`status ${name}`);
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}

async function pressOnCard(actionId: string, value: string | undefined, actionTs: string, userId = 'U0ALICE') {
  const press = await h.press(actionId, value, { userId, messageTs: MESSAGE_TS, actionTs });
  await h.settle();
  // The answer is the last reply (a slow run may send a word while waiting first).
  return h.replies(press.responseUrlId).at(-1);
}

describe('Pause and Resume on a sync card', () => {
  it('pauses once behind a confirm, says Paused plainly with Resume instead of Pause, and records the change', async () => {
    await start();
    const card = await statusCard('Orders to Snowflake');
    expect(labels(card)).toEqual(['Update', 'Start sync', 'Pause', 'Open in Polytomic', 'Share in channel']);
    expect(buttonsOf(card).find((b) => b.actionId === 'sync_pause')?.confirm).toBe(
      'Pause *Orders to Snowflake*? Its scheduled runs stop until someone resumes it; a run in progress goes on.',
    );
    const answer = await pressOnCard('sync_pause', buttonValue(card, 'sync_pause'), '1700000001.000200');
    expect(activations(`/api/syncs/${ORDERS}/activate`)).toEqual([
      expect.objectContaining({ idempotencyKey: expect.stringMatching(/^pause-[A-Za-z0-9_-]{32}$/) }),
    ]);
    expect((await polytomicSync(ORDERS)).active).toBe(false);
    expect(answer).toMatchObject({ replaceOriginal: true, responseType: 'ephemeral' });
    const lines = visibleLines(answer);
    expect(lines).toContain(':double_vertical_bar: *Paused*: no scheduled runs until someone resumes it.');
    expect(labels(answer)).toEqual(['Update', 'Resume', 'Open in Polytomic', 'Share in channel']);
    expect(noteOf(answer)).toBe(
      `:double_vertical_bar: <@U0ALICE> paused this sync at ${PRESSED_AT}: no scheduled runs until someone resumes it.`,
    );
    expect(await auditOf(ORDERS)).toEqual([
      expect.objectContaining({ action: 'pause', userId: 'U0ALICE', outcome: 'paused' }),
    ]);
  });

  it('says a run in progress goes on when its sync is paused, and still offers Cancel run', async () => {
    await start();
    const card = await statusCard('Product Usage → HubSpot Companies');
    const answer = await pressOnCard('sync_pause', buttonValue(card, 'sync_pause'), '1700000001.000200');
    expect(await polytomicSync(USAGE)).toEqual({
      active: false,
      current: expect.objectContaining({ status: 'running' }),
    });
    expect(visibleLines(answer)).toContain(
      ':double_vertical_bar: *Paused*: no scheduled runs until someone resumes it. The run in progress goes on.',
    );
    expect(labels(answer)).toEqual(['Update', 'Cancel run', 'Resume', 'Open in Polytomic', 'Share in channel']);
  });

  it('Pause, Resume, Pause on one card are three changes; a bulk sync pauses too', async () => {
    await start();
    const card = await statusCard('Orders to Snowflake');
    const paused = await pressOnCard('sync_pause', buttonValue(card, 'sync_pause'), '1700000001.000200');
    h.clock.advance(5_000);
    const resumed = await pressOnCard('sync_resume', buttonValue(paused, 'sync_resume'), '1700000006.000200');
    expect(noteOf(resumed)).toBe(
      ':arrow_forward: <@U0ALICE> resumed this sync at <!date^1768385645^{time}|2026-01-14 10:14:05 UTC>: its scheduled runs start again.',
    );
    expect(labels(resumed)).toContain('Pause');
    h.clock.advance(5_000);
    await pressOnCard('sync_pause', buttonValue(resumed, 'sync_pause'), '1700000011.000200');
    const calls = activations(`/api/syncs/${ORDERS}/activate`);
    expect(calls.map((c) => c.idempotencyKey?.split('-')[0])).toEqual(['pause', 'resume', 'pause']);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(3);
    expect((await auditOf(ORDERS)).map((e) => [e.action, e.outcome])).toEqual([
      ['pause', 'paused'],
      ['resume', 'resumed'],
      ['pause', 'paused'],
    ]);
    await h.press('sync_pause', `bulk:${HUBSPOT_BULK}:${T0}`);
    await h.settle();
    expect((await polytomicSync(HUBSPOT_BULK, 'bulk')).active).toBe(false);
  });

  it('a double click pauses once, records one change, and tells the second press who paused it', async () => {
    await start();
    const value = buttonValue(await statusCard('Orders to Snowflake'), 'sync_pause');
    const first = await pressOnCard('sync_pause', value, '1700000001.000200');
    const second = await pressOnCard('sync_pause', value, '1700000001.300200', 'U0BOB');
    expect(activations(`/api/syncs/${ORDERS}/activate`)).toHaveLength(1);
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ userId: 'U0ALICE', outcome: 'paused' })]);
    expect(noteOf(first)).toMatch(/^:double_vertical_bar: <@U0ALICE> paused this sync at /);
    expect(noteOf(second)).toBe(
      `:information_source: <@U0ALICE> already paused this sync at ${PRESSED_AT}; this press changed nothing.`,
    );
  });

  it('says so, and sends nothing, when the card was out of date: the sync was already paused', async () => {
    await start();
    const answer = await pressOnCard('sync_pause', `model:${LEAD_SCORES}:${T0 - 60_000}`, '1700000001.000200');
    expect(activations(`/api/syncs/${LEAD_SCORES}/activate`)).toEqual([]);
    expect(noteOf(answer)).toBe(
      `:information_source: This sync was already paused when <@U0ALICE> pressed Pause at ${PRESSED_AT}, so nothing was changed.`,
    );
    expect(labels(answer)).toContain('Resume');
    expect(await auditOf(LEAD_SCORES)).toEqual([expect.objectContaining({ outcome: 'already_paused' })]);
  });

  it('a retried press asks Polytomic with the same key and records the change once', async () => {
    await start();
    const value = buttonValue(await statusCard('Orders to Snowflake'), 'sync_pause');
    // The card after the change cannot be read (GETs are retried twice), so the first attempt fails after pausing.
    h.polytomic.failNext({ method: 'GET', path: `/api/syncs/${ORDERS}/status`, status: 503, times: 3 });
    const press = await h.press('sync_pause', value, { messageTs: MESSAGE_TS, actionTs: '1700000001.000200' });
    await h.settle();
    h.clock.advance(10 * 60_000);
    await h.tick();
    await h.settle();
    const calls = activations(`/api/syncs/${ORDERS}/activate`);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.idempotencyKey).toBe(calls[0]!.idempotencyKey);
    expect(noteOf(h.replies(press.responseUrlId).at(-1))).toMatch(/^:double_vertical_bar: <@U0ALICE> paused this sync/);
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ outcome: 'paused' })]);
  });

  it('says what Polytomic said in words a person understands, and never claims a pause Polytomic did not confirm', async () => {
    await start();
    // A failed press replaces its card with the failure, so each press here is on a card drawn afresh.
    const value = (drawn: number) => `model:${ORDERS}:${T0 + drawn}`;
    h.polytomic.failNext({ method: 'POST', path: `/api/syncs/${ORDERS}/activate`, status: 404, times: 1 });
    const gone = await pressOnCard('sync_pause', value(1), '1700000001.000200');
    expect(visibleLines(gone)).toEqual([
      ":warning: I couldn't pause the sync. Polytomic could not find it any more; it may have been deleted. Polytomic said: “not found”",
    ]);
    h.polytomic.failNext({
      method: 'POST',
      path: `/api/syncs/${ORDERS}/activate`,
      status: 400,
      body: { status: 400, message: 'sync is locked by an edit in progress' },
    });
    const refused = await pressOnCard('sync_pause', value(2), '1700000002.000200');
    expect(noteOf(refused)).toBe(
      ':warning: Polytomic would not pause this sync for <@U0ALICE>: sync is locked by an edit in progress',
    );
    expect((await polytomicSync(ORDERS)).active).toBe(true);
    expect(labels(refused)).toContain('Pause');
    // An answer without the flag is not taken as a pause.
    h.polytomic.failNext({ method: 'POST', path: `/api/syncs/${ORDERS}/activate`, status: 200, body: { data: {} } });
    const unconfirmed = await pressOnCard('sync_pause', value(3), '1700000003.000200');
    expect(noteOf(unconfirmed)).toBe(
      `:warning: <@U0ALICE> asked Polytomic to pause this sync at ${PRESSED_AT}, but Polytomic did not confirm it; the card shows what Polytomic says now.`,
    );
    expect(visibleLines(unconfirmed).filter((line) => line.includes('Paused'))).toEqual([]);
    // Both pressed at the same moment, so listed in either order.
    expect((await auditOf(ORDERS)).map((e) => e.outcome).sort()).toEqual(['refused', 'unconfirmed']);
  });

  it('works on the card the Home tab shows: the Home comes back with the paused card on top', async () => {
    await start();
    await h.pressOnHome('sync_pause', `model:${ORDERS}:${T0}`);
    await h.settle();
    expect((await polytomicSync(ORDERS)).active).toBe(false);
    const home = visibleLines({ text: '', blocks: h.slack.homeOf('U0ALICE')?.blocks });
    expect(home).toContain(':double_vertical_bar: *Paused*: no scheduled runs until someone resumes it.');
    expect(home).toContain('[Resume]');
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ action: 'pause', outcome: 'paused' })]);
  });

  it('refuses someone the policy does not allow, in its own words, before any Polytomic call', async () => {
    await start({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [], contact: '<@U0ADMIN>' } });
    const pause = await pressOnCard('sync_pause', `model:${ORDERS}:${T0}`, '1700000001.000200', 'U0MALLORY');
    const resume = await pressOnCard('sync_resume', `model:${LEAD_SCORES}:${T0}`, '1700000001.000200', 'U0MALLORY');
    expect([visibleLines(pause), visibleLines(resume)]).toEqual([
      [
        ':no_entry: You are not allowed to pause syncs through this bot. Ask <@U0ADMIN> to grant you access. Nothing was changed.',
      ],
      [
        ':no_entry: You are not allowed to resume syncs through this bot. Ask <@U0ADMIN> to grant you access. Nothing was changed.',
      ],
    ]);
    expect(h.polytomic.calls).toHaveLength(0);
  });
});

describe('Pause on failure alerts', () => {
  function failed(at: number) {
    return {
      id: randomUUID(),
      type: 'sync.failed',
      organization_id: 'org',
      created_at: new Date(at).toISOString(),
      event: { execution_id: randomUUID(), sync_id: ORDERS, sync_name: 'Orders to Snowflake', error: 'quota exceeded' },
    };
  }
  const completed = (at: number) => ({ ...failed(at), type: 'sync.completed' });
  async function deliverAndFlush(...events: unknown[]) {
    for (const e of events) expect((await h.deliver(e)).status).toBe(200);
    await h.settle();
    h.clock.advance(DEFAULT_TIMING.alertBatchMs);
    await h.tick();
  }
  const thread = (ts: string | undefined) => h.posted().filter((m) => m.threadTs === ts);

  it('suggests pausing, with the button, once: at the third failure in a row, and again in the next episode', async () => {
    await start();
    await h.command('watch Orders to Snowflake');
    await h.settle();
    for (let i = 0; i < 4; i++) await deliverAndFlush(failed(T0 + 1_000 + i * 60_000));
    const [alert] = h.posted().filter((m) => !m.threadTs);
    // Pause sits beside Start, among the run's and the incident's buttons.
    expect(labels(alert).slice(0, 4)).toEqual(['Show log', 'Start sync', 'Pause sync', 'Open in Polytomic']);
    const replies = thread(alert!.ts);
    // Each reply as it bears on pausing (the run's context and Show log come before).
    const aboutPausing = (line: string) => line.startsWith(':bulb:') || line === '[Pause sync]';
    expect(replies.map((m) => visibleLines(m).filter(aboutPausing))).toEqual([
      [],
      [
        ':bulb: 3 failures in a row. Pause the sync until it is fixed? Its scheduled runs stop; a run in progress goes on.',
        '[Pause sync]',
      ],
      [],
    ]);
    await deliverAndFlush(completed(T0 + 300_000));
    for (let i = 0; i < 3; i++) await deliverAndFlush(failed(T0 + 400_000 + i * 60_000));
    const suggestions = h.posted().filter((m) => labels(m).includes('Pause sync') && m.threadTs);
    expect(suggestions).toHaveLength(2);
  });

  it('suggests at the configured count, and a press in the thread pauses once and tells the channel', async () => {
    await start({ suggestPauseAt: 2 });
    await h.command('watch Orders to Snowflake');
    await h.settle();
    await deliverAndFlush(failed(T0 + 1_000), failed(T0 + 2_000));
    const suggestion = h.posted().find((m) => m.threadTs && labels(m).includes('Pause sync'));
    expect(visibleLines(suggestion).find((line) => line.startsWith(':bulb:'))).toBe(
      ':bulb: 2 failures in a row. Pause the sync until it is fixed? Its scheduled runs stop; a run in progress goes on.',
    );
    const value = buttonValue(suggestion, 'alert_pause');
    expect(value).toBe(`model:${ORDERS}`);
    const press = await h.press('alert_pause', value, { messageTs: suggestion!.ts, actionTs: '1700000001.000200' });
    await h.settle();
    const again = await h.press('alert_pause', value, {
      userId: 'U0BOB',
      messageTs: suggestion!.ts,
      actionTs: '1700000001.500200',
    });
    await h.settle();
    expect(activations(`/api/syncs/${ORDERS}/activate`)).toHaveLength(1);
    const answer = h.replies(press.responseUrlId).at(-1);
    expect(answer).toMatchObject({ responseType: 'in_channel', replaceOriginal: false });
    expect(noteOf(answer)).toMatch(/^:double_vertical_bar: <@U0ALICE> paused this sync at /);
    expect(labels(answer)).toEqual(['Update', 'Resume', 'Open in Polytomic']);
    // The second press changed nothing: only its presser hears so.
    expect(h.replies(again.responseUrlId).at(-1)).toMatchObject({ responseType: 'ephemeral', replaceOriginal: false });
    expect(noteOf(h.replies(again.responseUrlId).at(-1))).toMatch(/^:information_source: <@U0ALICE> already paused/);
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ action: 'pause', outcome: 'paused' })]);
  });
});
