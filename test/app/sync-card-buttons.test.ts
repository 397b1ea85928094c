import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pressKey } from '../../src/lib/core/sync-press.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const USAGE = SIMULATOR_IDS.syncs.productUsageToHubspot; // continuous: a run is in progress most of the time
const HUBSPOT_BULK = SIMULATOR_IDS.bulkSyncs.hubspotToBigquery;
const ORDERS_VALUE = `model:${ORDERS}`;

let h: Harness;
// A fixed moment at which the continuous Product Usage sync is mid-run (its runs start every 5 minutes and last 4m15s).
const MID_RUN = Date.parse('2026-01-14T10:14:00Z');
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(MID_RUN), ...options });
}
afterEach(async () => h.close());

const buttons = (message: { blocks?: unknown[] } | undefined) =>
  (message?.blocks ?? []).flatMap((b) =>
    (b as { type: string }).type === 'actions' ? (b as { elements: Record<string, unknown>[] }).elements : [],
  );
const posts = (path: string) => h.polytomic.calls.filter((c) => c.method === 'POST' && c.path === path);
const buttonValue = (message: { blocks?: unknown[] } | undefined, actionId: string) =>
  buttons(message).find((b) => b.action_id === actionId)?.value as string | undefined;
/** The line under a card's buttons saying what a press did (the first context block after them; the footer is the last). */
function noteOf(message: { blocks?: unknown[] } | undefined) {
  const blocks = (message?.blocks ?? []) as { type: string; elements?: { text: string }[] }[];
  const afterButtons = blocks.slice(blocks.findIndex((b) => b.type === 'actions') + 1);
  return afterButtons.find((b) => b.type === 'context')?.elements?.[0]?.text;
}
const auditOf = async (targetId: string) => (await h.worker.auditStore.list({ targetId, limit: 20 })).entries;
/** The sync's status as Polytomic reports it, read straight from the simulator. */
async function polytomicStatus(syncId: string) {
  const response = await h.polytomic.fetch(`/api/syncs/${syncId}/status`, {
    headers: { authorization: `Bearer ${POLYTOMIC_KEY}` },
  });
  return (
    (await response.json()) as {
      data: { current_execution?: { id: string; status: string }; last_execution?: { id: string; status: string } };
    }
  ).data;
}

async function statusCard(name: string) {
  const ack = await h.command(`status ${name}`);
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}

describe('sync card buttons', () => {
  it('offers Update, Start sync with a confirm dialog, Pause, Open in Polytomic and Share on the ephemeral card', async () => {
    await start();
    const card = await statusCard('Orders to Snowflake');
    const byAction = Object.fromEntries(buttons(card).map((b) => [b.action_id, b]));
    expect(Object.keys(byAction)).toEqual(['sync_update', 'sync_start', 'sync_pause', 'open_sync', 'sync_share']);
    const { last_execution: last } = await polytomicStatus(ORDERS);
    expect(byAction.sync_start).toMatchObject({
      value: `${ORDERS_VALUE}:none:${last!.id}`,
      confirm: { title: { text: 'Start a run?' }, confirm: { text: 'Start' }, deny: { text: 'Not now' } },
    });
    expect(byAction.open_sync).not.toHaveProperty('value');
  });

  it('offers Cancel run, with a confirm dialog, while a run is in progress', async () => {
    await start();
    const card = await statusCard('Product Usage → HubSpot Companies');
    expect(buttons(card).find((b) => b.action_id === 'sync_cancel')).toMatchObject({
      style: 'danger',
      confirm: { confirm: { text: 'Cancel run' } },
    });
  });

  it('Update re-reads the status and replaces the card in place', async () => {
    await start();
    h.clock.advance(3_600_000);
    const press = await h.press('sync_update', ORDERS_VALUE);
    await h.settle();
    const replies = h.replies(press.responseUrlId);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ replaceOriginal: true, responseType: 'ephemeral' });
    expect(visibleLines(replies[0])[0]).toBe('Orders to Snowflake');
    expect(h.polytomic.calls.some((c) => c.path === `/api/syncs/${ORDERS}/status`)).toBe(true);
  });

  it('Start sync starts one run, shows who started it, and records the change with its execution id', async () => {
    await start();
    const press = await h.press('sync_start', ORDERS_VALUE, { userId: 'U0BOB' });
    await h.settle();
    const started = posts(`/api/syncs/${ORDERS}/executions`);
    expect(started).toHaveLength(1);
    expect(started[0]!.idempotencyKey).toMatch(/^start-[A-Za-z0-9_-]{32}$/);
    const card = h.replies(press.responseUrlId)[0];
    expect(card).toMatchObject({ replaceOriginal: true });
    expect(noteOf(card)).toBe(
      ':arrow_forward: <@U0BOB> started a run at <!date^1768385640^{time}|2026-01-14 10:14:00 UTC>.',
    );
    const { entries } = await h.worker.auditStore.list({ targetId: ORDERS, limit: 10 });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'start',
        userId: 'U0BOB',
        outcome: 'started',
        executionId: expect.any(String),
      }),
    ]);
  });

  it('starts bulk syncs too', async () => {
    await start();
    await h.press('sync_start', `bulk:${HUBSPOT_BULK}`);
    await h.settle();
    expect(posts(`/api/bulk/syncs/${HUBSPOT_BULK}/executions`)).toHaveLength(1);
  });

  it('starts one run and records one change when a card without shown runs is double-clicked or two people press within the same minute', async () => {
    await start();
    const presses = await Promise.all([
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE', actionTs: '1700000001.000200' }),
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE', actionTs: '1700000001.400200' }),
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0BOB', actionTs: '1700000002.000200' }),
    ]);
    await h.settle();
    expect(posts(`/api/syncs/${ORDERS}/executions`)).toHaveLength(1);
    expect((await polytomicStatus(ORDERS)).current_execution).toBeDefined();
    expect(await auditOf(ORDERS)).toEqual([
      expect.objectContaining({ action: 'start', outcome: 'started', executionId: expect.any(String) }),
    ]);
    for (const press of presses) expect(h.replies(press.responseUrlId)).toHaveLength(1);
  });

  it('answers a 409 (a run already in progress) as news on the card, not an error', async () => {
    await start();
    await h.press('sync_start', `model:${USAGE}`, { actionTs: '1700000001.000200' });
    await h.settle();
    const later = await h.press('sync_start', `model:${USAGE}`, { actionTs: '1700000301.000200' });
    await h.settle();
    expect(noteOf(h.replies(later.responseUrlId)[0])).toBe(
      ':arrows_counterclockwise: A run was already in progress when <@U0ALICE> pressed Start at <!date^1768385640^{time}|2026-01-14 10:14:00 UTC>; no new run was started.',
    );
    const outcomes = (await h.worker.auditStore.list({ targetId: USAGE, limit: 10 })).entries.map((e) => e.outcome);
    expect(outcomes).toContain('already_running');
  });

  it('Cancel run asks Polytomic to cancel and says who asked', async () => {
    await start();
    const press = await h.press('sync_cancel', `model:${USAGE}`);
    await h.settle();
    expect(posts(`/api/syncs/${USAGE}/cancel`)).toHaveLength(1);
    expect(noteOf(h.replies(press.responseUrlId)[0])).toBe(
      ':black_square_for_stop: <@U0ALICE> asked Polytomic to cancel the run at <!date^1768385640^{time}|2026-01-14 10:14:00 UTC>; it stops shortly.',
    );
    expect((await h.worker.auditStore.list({ targetId: USAGE, limit: 10 })).entries[0]).toMatchObject({
      action: 'cancel',
      outcome: 'cancel_requested',
    });
  });

  it('says so when there was no run to cancel', async () => {
    await start();
    const press = await h.press('sync_cancel', ORDERS_VALUE);
    await h.settle();
    expect(noteOf(h.replies(press.responseUrlId)[0])).toBe(
      ':information_source: There was no run in progress to cancel when <@U0ALICE> pressed Cancel at <!date^1768385640^{time}|2026-01-14 10:14:00 UTC>.',
    );
  });

  it('Share in channel posts the card for everyone, saying who shared it, without another Share button', async () => {
    await start();
    const press = await h.press('sync_share', ORDERS_VALUE);
    await h.settle();
    const shared = h.replies(press.responseUrlId)[0];
    expect(shared).toMatchObject({ responseType: 'in_channel', replaceOriginal: false });
    expect(noteOf(shared)).toBe('Shared by <@U0ALICE>');
    expect(buttons(shared).map((b) => b.action_id)).not.toContain('sync_share');
  });

  it.each(['model:not-a-uuid', `teleport:${ORDERS}`, '', `model:${ORDERS}:extra`])(
    'answers a forged or stale value (%s) clearly and calls nothing',
    async (value) => {
      await start();
      const press = await h.press('sync_start', value);
      await h.settle();
      expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
        ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
      ]);
      expect(h.polytomic.calls).toHaveLength(0);
    },
  );
});

describe('Start and Cancel tell the truth', () => {
  const MESSAGE_TS = '1700000000.000100';
  const pressOnCard = (actionId: string, value: string | undefined, actionTs: string, userId = 'U0ALICE') =>
    h.press(actionId, value, { userId, messageTs: MESSAGE_TS, actionTs });

  it('Start, Cancel run, then Start again on the same card within a minute starts a second run', async () => {
    await start();
    const card = await statusCard('Orders to Snowflake');
    const lastBefore = (await polytomicStatus(ORDERS)).last_execution!.id;
    const first = await pressOnCard('sync_start', buttonValue(card, 'sync_start'), '1700000001.000200');
    await h.settle();
    const afterStart = h.replies(first.responseUrlId)[0];
    const firstRun = (await polytomicStatus(ORDERS)).current_execution!.id;
    // The replaced card shows the new run, and its buttons carry it.
    expect(buttonValue(afterStart, 'sync_start')).toBe(`${ORDERS_VALUE}:${firstRun}:${lastBefore}`);
    expect(buttonValue(afterStart, 'sync_cancel')).toBe(`${ORDERS_VALUE}:${firstRun}:${lastBefore}`);
    h.clock.advance(20_000);
    const cancel = await pressOnCard('sync_cancel', buttonValue(afterStart, 'sync_cancel'), '1700000021.000200');
    await h.settle();
    expect(noteOf(h.replies(cancel.responseUrlId)[0])).toMatch(
      /^:black_square_for_stop: <@U0ALICE> asked Polytomic to cancel the run at /,
    );
    h.clock.advance(10_000);
    expect((await polytomicStatus(ORDERS)).last_execution).toMatchObject({ id: firstRun, status: 'canceled' });

    const again = await pressOnCard(
      'sync_start',
      buttonValue(h.replies(cancel.responseUrlId)[0], 'sync_start'),
      '1700000031.000200',
    );
    await h.settle();
    const starts = posts(`/api/syncs/${ORDERS}/executions`);
    expect(new Set(starts.map((c) => c.idempotencyKey)).size).toBe(2);
    const secondRun = (await polytomicStatus(ORDERS)).current_execution;
    expect(secondRun).toMatchObject({ status: expect.stringMatching(/^(created|queued|running)$/) });
    expect(secondRun!.id).not.toBe(firstRun);
    expect(noteOf(h.replies(again.responseUrlId)[0])).toMatch(/^:arrow_forward: <@U0ALICE> started a run at /);
    const entries = await auditOf(ORDERS);
    expect(entries.map((e) => [e.action, e.outcome, e.executionId])).toEqual([
      ['start', 'started', secondRun!.id],
      ['cancel', 'cancel_requested', undefined],
      ['start', 'started', firstRun],
    ]);
  });

  it('a double click starts one run, records one change, and tells the second press who started it', async () => {
    await start();
    const value = buttonValue(await statusCard('Orders to Snowflake'), 'sync_start');
    const first = await pressOnCard('sync_start', value, '1700000001.000200');
    await h.settle();
    const second = await pressOnCard('sync_start', value, '1700000001.300200', 'U0BOB');
    await h.settle();
    expect(posts(`/api/syncs/${ORDERS}/executions`)).toHaveLength(1);
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ userId: 'U0ALICE', outcome: 'started' })]);
    expect(noteOf(h.replies(first.responseUrlId)[0])).toMatch(/^:arrow_forward: <@U0ALICE> started a run at /);
    expect(noteOf(h.replies(second.responseUrlId)[0])).toMatch(
      /^:information_source: <@U0ALICE> already started that run at <!date\^\d+\^\{time\}\|[^>]+>; this press changed nothing\.$/,
    );
  });

  it('a double click on Cancel run asks Polytomic once and records one change', async () => {
    await start();
    const value = buttonValue(await statusCard('Product Usage → HubSpot Companies'), 'sync_cancel');
    await Promise.all([
      pressOnCard('sync_cancel', value, '1700000001.000200'),
      pressOnCard('sync_cancel', value, '1700000001.200200'),
    ]);
    await h.settle();
    expect(posts(`/api/syncs/${USAGE}/cancel`)).toHaveLength(1);
    expect(await auditOf(USAGE)).toEqual([expect.objectContaining({ action: 'cancel', outcome: 'cancel_requested' })]);
  });

  it('never reports as started a run Polytomic hands back that is already over, and the updated card starts a new one', async () => {
    await start();
    // A press from before this version (no claim) got Polytomic's answer for this key; that run was then cancelled.
    const actionTs = '1700000001.000200';
    const key = pressKey('start', { sync: { kind: 'model', id: ORDERS } }, { messageTs: MESSAGE_TS, actionTs });
    const auth = { authorization: `Bearer ${POLYTOMIC_KEY}`, 'content-type': 'application/json' };
    const earlier = (await (
      await h.polytomic.fetch(`/api/syncs/${ORDERS}/executions`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': key },
        body: '{}',
      })
    ).json()) as { data: { id: string } };
    h.clock.advance(20_000);
    await h.polytomic.fetch(`/api/syncs/${ORDERS}/cancel`, { method: 'POST', headers: auth, body: '{}' });
    h.clock.advance(10_000);

    const press = await pressOnCard('sync_start', ORDERS_VALUE, actionTs);
    await h.settle();
    const card = h.replies(press.responseUrlId)[0];
    expect(noteOf(card)).toMatch(
      /^:information_source: <@U0ALICE>'s press at .+ matched one already made, so no new run was started; the run that one started has since ended\. Press Start again on this updated card to start a new run\.$/,
    );
    expect(await auditOf(ORDERS)).toEqual([]);
    expect(buttonValue(card, 'sync_start')).toBe(`${ORDERS_VALUE}:none:${earlier.data.id}`);

    const again = await pressOnCard('sync_start', buttonValue(card, 'sync_start'), '1700000041.000200');
    await h.settle();
    expect(noteOf(h.replies(again.responseUrlId)[0])).toMatch(/^:arrow_forward: <@U0ALICE> started a run at /);
    expect((await polytomicStatus(ORDERS)).current_execution?.id).not.toBe(earlier.data.id);
    expect(await auditOf(ORDERS)).toEqual([expect.objectContaining({ outcome: 'started' })]);
  });

  it('a retried Start reports the run it started as started even when that run is over by the retry, and records it once', async () => {
    await start();
    const value = buttonValue(await statusCard('Orders to Snowflake'), 'sync_start');
    // The card after the start cannot be read (GETs are retried twice), so the first attempt fails after starting the run.
    h.polytomic.failNext({ method: 'GET', path: `/api/syncs/${ORDERS}/status`, status: 503, times: 3 });
    const press = await pressOnCard('sync_start', value, '1700000001.000200');
    await h.settle();
    // The presser hears at once that the bot will try again, in a message of its own: the card stays.
    expect(h.replies(press.responseUrlId).map((r) => [r.text, r.replaceOriginal])).toEqual([
      [expect.stringContaining("I couldn't start the sync yet"), false],
    ]);
    h.clock.advance(10 * 60_000);
    await h.tick();
    await h.settle();
    const starts = posts(`/api/syncs/${ORDERS}/executions`);
    expect(starts).toHaveLength(2);
    expect(starts[1]!.idempotencyKey).toBe(starts[0]!.idempotencyKey);
    expect(noteOf(h.replies(press.responseUrlId).at(-1))).toMatch(/^:arrow_forward: <@U0ALICE> started a run at /);
    const entries = await auditOf(ORDERS);
    expect(entries).toEqual([expect.objectContaining({ outcome: 'started', executionId: expect.any(String) })]);
    const run = await h.polytomic.fetch(`/api/syncs/${ORDERS}/executions/${entries[0]!.executionId}`, {
      headers: { authorization: `Bearer ${POLYTOMIC_KEY}` },
    });
    expect(((await run.json()) as { data: { status: string } }).data.status).toBe('completed');
  });

  it('keeps working for a card from before this version: its Start sends the key it always sent', async () => {
    await start();
    const press = await pressOnCard('sync_start', ORDERS_VALUE, '1700000001.000200');
    await h.settle();
    const minute = Math.floor(1700000001 / 60);
    const olderKey = `start-${createHash('sha256').update(`model:${ORDERS}|${MESSAGE_TS}|${minute}`).digest('base64url').slice(0, 32)}`;
    expect(posts(`/api/syncs/${ORDERS}/executions`).map((c) => c.idempotencyKey)).toEqual([olderKey]);
    expect(noteOf(h.replies(press.responseUrlId)[0])).toMatch(/^:arrow_forward: <@U0ALICE> started a run at /);
  });
});

describe('who may change things', () => {
  const policy = { users: ['U0ADMIN'], usergroups: ['S0DATA'], channels: [], contact: '<@U0ADMIN>' };

  it('refuses Start to someone not allowed, naming who can grant access, before any Polytomic call', async () => {
    await start({ policy });
    const press = await h.press('sync_start', ORDERS_VALUE, { userId: 'U0MALLORY' });
    await h.settle();
    const reply = h.replies(press.responseUrlId)[0];
    expect(reply).toMatchObject({ responseType: 'ephemeral', replaceOriginal: false });
    expect(visibleLines(reply)).toEqual([
      ':no_entry: You are not allowed to start syncs through this bot. Ask <@U0ADMIN> to grant you access. Nothing was changed.',
    ]);
    expect(h.polytomic.calls).toHaveLength(0);
  });

  it('refuses /polytomic refresh to someone not allowed, before any Polytomic call', async () => {
    await start({ policy });
    const ack = await h.command('refresh Snowflake Warehouse', { userId: 'U0MALLORY' });
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      ':no_entry: You are not allowed to refresh connection schemas through this bot. Ask <@U0ADMIN> to grant you access. Nothing was changed.',
    ]);
    expect(h.polytomic.calls).toHaveLength(0);
  });

  it('allows a listed user and a member of a listed user group', async () => {
    await start({ policy });
    h.slack.setUsergroup('S0DATA', ['U0BOB']);
    await h.press('sync_start', ORDERS_VALUE, { userId: 'U0ADMIN', actionTs: '1700000001.0' });
    await h.press('sync_start', `bulk:${HUBSPOT_BULK}`, { userId: 'U0BOB' });
    await h.settle();
    expect(posts(`/api/syncs/${ORDERS}/executions`)).toHaveLength(1);
    expect(posts(`/api/bulk/syncs/${HUBSPOT_BULK}/executions`)).toHaveLength(1);
  });

  it('tells the presser, on the last attempt, when Slack cannot say who is in the allowed groups', async () => {
    await start({ policy });
    h.slack.setUsergroup('S0DATA', ['U0BOB']);
    h.slack.failNext({ method: 'usergroups.users.list', status: 500, times: 100 });
    const press = await h.press('sync_start', ORDERS_VALUE, { userId: 'U0BOB' });
    await h.settleWithRetries();
    expect(h.replies(press.responseUrlId).map((m) => m.text)).toEqual([
      expect.stringContaining("I couldn't check whether you may do this just now"),
    ]);
    expect(h.polytomic.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('keeps reading open to everyone', async () => {
    await start({ policy });
    const card = await statusCard('Orders to Snowflake');
    expect(visibleLines(card)[0]).toBe('Orders to Snowflake');
  });

  it('refuses changes outside the allowed channels, pointing to them', async () => {
    await start({ policy: { users: [], usergroups: [], channels: ['C0OPS'] } });
    const press = await h.press('sync_cancel', `model:${USAGE}`, { channelId: 'C0DATA' });
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
      ':no_entry: I only cancel sync runs in <#C0OPS>. Ask there, or ask the people who run this bot for your workspace to allow this channel. Nothing was changed.',
    ]);
    expect(h.polytomic.calls).toHaveLength(0);
  });
});
