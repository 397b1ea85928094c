import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import { shown, startHarness } from '../support/harness.js';
import type { Harness, HarnessOptions } from '../support/harness.js';

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
  (message?.blocks ?? []).flatMap((b) => ((b as { type: string }).type === 'actions' ? ((b as { elements: Record<string, unknown>[] }).elements) : []));
const posts = (path: string) => h.polytomic.calls.filter((c) => c.method === 'POST' && c.path === path);

async function statusCard(name: string) {
  const ack = await h.command(`status ${name}`);
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}

describe('sync card buttons', () => {
  it('offers Update, Start sync with a confirm dialog, Open in Polytomic and Share on the ephemeral card', async () => {
    await start();
    const card = await statusCard('Orders to Snowflake');
    const byAction = Object.fromEntries(buttons(card).map((b) => [b.action_id, b]));
    expect(Object.keys(byAction)).toEqual(['sync_update', 'sync_start', 'open_sync', 'sync_share']);
    expect(byAction.sync_start).toMatchObject({
      value: ORDERS_VALUE,
      confirm: { title: { text: 'Start a run?' }, confirm: { text: 'Start' }, deny: { text: 'Not now' } },
    });
    expect(byAction.open_sync).not.toHaveProperty('value');
  });

  it('offers Cancel run, with a confirm dialog, while a run is in progress', async () => {
    await start();
    const card = await statusCard('Product Usage → HubSpot Companies');
    expect(buttons(card).find((b) => b.action_id === 'sync_cancel')).toMatchObject({ style: 'danger', confirm: { confirm: { text: 'Cancel run' } } });
  });

  it('Update re-reads the status and replaces the card in place', async () => {
    await start();
    h.clock.advance(3_600_000);
    const press = await h.press('sync_update', ORDERS_VALUE);
    await h.settle();
    const replies = h.replies(press.responseUrlId);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ replaceOriginal: true, responseType: 'ephemeral' });
    expect(shown(replies[0])).toContain('"text":"Orders to Snowflake"');
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
    expect(shown(card)).toContain(':arrow_forward: <@U0BOB> started a run at');
    const { entries } = await h.worker.refreshes.audit.list({ targetId: ORDERS, limit: 10 });
    expect(entries).toEqual([expect.objectContaining({ action: 'start', userId: 'U0BOB', outcome: 'started', executionId: expect.any(String) })]);
  });

  it('starts bulk syncs too', async () => {
    await start();
    await h.press('sync_start', `bulk:${HUBSPOT_BULK}`);
    await h.settle();
    expect(posts(`/api/bulk/syncs/${HUBSPOT_BULK}/executions`)).toHaveLength(1);
  });

  it('starts one run when the button is double-clicked or two people press within the same minute', async () => {
    await start();
    const presses = await Promise.all([
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE', actionTs: '1700000001.000200' }),
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE', actionTs: '1700000001.400200' }),
      h.press('sync_start', ORDERS_VALUE, { userId: 'U0BOB', actionTs: '1700000002.000200' }),
    ]);
    await h.settle();
    const keys = new Set(posts(`/api/syncs/${ORDERS}/executions`).map((c) => c.idempotencyKey));
    expect(keys.size).toBe(1);
    const status = await (await h.polytomic.fetch(`/api/syncs/${ORDERS}/status`, { headers: { authorization: 'Bearer pk_test_polytomic_key_do_not_log' } })).json();
    expect((status as { data: { current_execution?: unknown } }).data.current_execution).toBeDefined();
    const runIds = new Set((await h.worker.refreshes.audit.list({ targetId: ORDERS, limit: 10 })).entries.map((e) => e.executionId));
    expect(runIds.size).toBe(1);
    for (const press of presses) expect(h.replies(press.responseUrlId)).toHaveLength(1);
  });

  it('answers a 409 (a run already in progress) as news on the card, not an error', async () => {
    await start();
    await h.press('sync_start', `model:${USAGE}`, { actionTs: '1700000001.000200' });
    await h.settle();
    const later = await h.press('sync_start', `model:${USAGE}`, { actionTs: '1700000301.000200' });
    await h.settle();
    expect(shown(h.replies(later.responseUrlId)[0])).toContain('A run was already in progress when <@U0ALICE> pressed Start');
    const outcomes = (await h.worker.refreshes.audit.list({ targetId: USAGE, limit: 10 })).entries.map((e) => e.outcome);
    expect(outcomes).toContain('already_running');
  });

  it('Cancel run asks Polytomic to cancel and says who asked', async () => {
    await start();
    const press = await h.press('sync_cancel', `model:${USAGE}`);
    await h.settle();
    expect(posts(`/api/syncs/${USAGE}/cancel`)).toHaveLength(1);
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('<@U0ALICE> asked Polytomic to cancel the run');
    expect((await h.worker.refreshes.audit.list({ targetId: USAGE, limit: 10 })).entries[0]).toMatchObject({ action: 'cancel', outcome: 'cancel_requested' });
  });

  it('says so when there was no run to cancel', async () => {
    await start();
    const press = await h.press('sync_cancel', ORDERS_VALUE);
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('There was no run in progress to cancel when <@U0ALICE> pressed Cancel');
  });

  it('Share in channel posts the card for everyone, saying who shared it, without another Share button', async () => {
    await start();
    const press = await h.press('sync_share', ORDERS_VALUE);
    await h.settle();
    const shared = h.replies(press.responseUrlId)[0];
    expect(shared).toMatchObject({ responseType: 'in_channel', replaceOriginal: false });
    expect(shown(shared)).toContain('Shared by <@U0ALICE>');
    expect(buttons(shared).map((b) => b.action_id)).not.toContain('sync_share');
  });

  it.each(['model:not-a-uuid', `teleport:${ORDERS}`, '', `model:${ORDERS}:extra`])('answers a forged or stale value (%s) clearly and calls nothing', async (value) => {
    await start();
    const press = await h.press('sync_start', value);
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('That button is out of date or not one of mine');
    expect(h.polytomic.calls).toHaveLength(0);
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
    expect(shown(reply)).toContain('You are not allowed to start syncs through this bot. <@U0ADMIN> can grant access. Nothing was changed.');
    expect(h.polytomic.calls).toHaveLength(0);
  });

  it('refuses /polytomic refresh to someone not allowed, before any Polytomic call', async () => {
    await start({ policy });
    const ack = await h.command('refresh Snowflake Warehouse', { userId: 'U0MALLORY' });
    await h.settle();
    expect(shown(h.replies(ack.responseUrlId)[0])).toContain('You are not allowed to refresh connection schemas');
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
    expect(h.replies(press.responseUrlId).map((m) => m.text)).toEqual([expect.stringContaining("I couldn't check whether you may do this just now")]);
    expect(h.polytomic.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('keeps reading open to everyone', async () => {
    await start({ policy });
    const card = await statusCard('Orders to Snowflake');
    expect(shown(card)).toContain('"text":"Orders to Snowflake"');
  });

  it('refuses changes outside the allowed channels, pointing to them', async () => {
    await start({ policy: { users: [], usergroups: [], channels: ['C0OPS'] } });
    const press = await h.press('sync_cancel', `model:${USAGE}`, { channelId: 'C0DATA' });
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('I only cancel sync runs in <#C0OPS>.');
    expect(h.polytomic.calls).toHaveLength(0);
  });
});

describe('/polytomic audit', () => {
  it('lists changes newest first, for everything or for one sync', async () => {
    await start();
    await h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE' });
    await h.settle();
    h.clock.advance(1_000);
    await h.command('refresh Snowflake Warehouse', { userId: 'U0BOB' });
    await h.settle();
    const all = await h.command('audit');
    await h.settle();
    const listing = shown(h.replies(all.responseUrlId)[0]);
    expect(listing.indexOf('<@U0BOB> asked to refresh the schema of *Snowflake Warehouse* (connection): started')).toBeGreaterThan(-1);
    expect(listing.indexOf('<@U0BOB>')).toBeLessThan(listing.indexOf('<@U0ALICE> pressed Start on *Orders to Snowflake* (model sync): started · run `'));
    const one = await h.command('audit Orders to Snowflake');
    await h.settle();
    const only = shown(h.replies(one.responseUrlId)[0]);
    expect(only).toContain('Orders to Snowflake');
    expect(only).not.toContain('Snowflake Warehouse*');
  });

  it('pages through older changes with a Show older button', async () => {
    await start();
    const base = h.clock.now();
    for (let i = 0; i < 25; i++) {
      await h.worker.refreshes.audit.record({
        at: base - i * 60_000,
        jobId: `job${i}`,
        userId: 'U0ALICE',
        channelId: 'C0DATA',
        action: 'start',
        target: { kind: 'model', id: ORDERS, name: 'Orders to Snowflake' },
        outcome: 'started',
      });
    }
    const ack = await h.command('audit');
    await h.settle();
    const first = h.replies(ack.responseUrlId)[0];
    expect(shown(first).match(/pressed Start/g)).toHaveLength(20);
    const older = buttons(first).find((b) => b.action_id === 'audit_older');
    expect(older?.value).toMatch(/^all\|/);
    const press = await h.press('audit_older', older!.value as string);
    await h.settle();
    const second = h.replies(press.responseUrlId)[0];
    expect(shown(second).match(/pressed Start/g)).toHaveLength(5);
    expect(buttons(second).find((b) => b.action_id === 'audit_older')).toBeUndefined();
  });

  it('refuses a forged Show older value', async () => {
    await start();
    const press = await h.press('audit_older', 'all|DROP TABLE');
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('That button is out of date');
  });
});
