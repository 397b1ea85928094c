import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const T0 = Date.parse('2026-11-23T10:00:00Z');

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

async function watch(text: string, channelId = 'C0DATA') {
  const ack = await h.command(`watch ${text}`.trim(), { channelId });
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}

/** Delivers, lets the job run, then lets the batch window close and ticks. */
async function deliverAndFlush(...events: unknown[]) {
  for (const e of events) expect((await h.deliver(e)).status).toBe(200);
  await h.settle();
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  return h.tick();
}

const channelPosts = (channel = 'C0DATA') => h.posted(channel);
const topLevel = (channel = 'C0DATA') => channelPosts(channel).filter((m) => !m.threadTs);

describe('POST /polytomic/events', () => {
  it('refuses a forged signature with 401 and records nothing', async () => {
    await start();
    const response = await h.deliver(event('sync.failed', T0), { signature: 'deadbeef' });
    expect(response).toEqual({ status: 401, body: { error: 'invalid_signature' } });
    await h.settle();
    expect(await h.jobs.listDue(T0 + 1e9, 10)).toEqual([]);
  });

  it('refuses a signed body that is not an event with 400', async () => {
    await start();
    expect((await h.deliver({ hello: 'world' })).status).toBe(400);
  });

  it('records a duplicated delivery once', async () => {
    await start();
    await watch('Orders to Snowflake');
    const failed = event('sync.failed', T0, { error: 'warehouse suspended' });
    expect((await h.deliver(failed)).body).toEqual({ ok: true, duplicate: false });
    expect((await h.deliver(failed)).body).toEqual({ ok: true, duplicate: true });
    await deliverAndFlush();
    expect(topLevel()).toHaveLength(1);
  });
});

describe('alerts in a watching channel', () => {
  it('posts one alert when a sync starts failing, threads the repeats, and replies once, broadcast, when it recovers', async () => {
    await start();
    expect((await watch('Orders to Snowflake'))?.text).toContain(
      'set this channel to hear about failures and recoveries of *Orders to Snowflake*',
    );
    await deliverAndFlush(event('sync.failed', T0 + 1_000, { error: 'warehouse is suspended' }));
    const [alert] = topLevel();
    expect(alert?.text).toContain('*Orders to Snowflake* (model sync) failed');
    expect(visibleLines(alert)).toEqual([
      ':red_circle: *Orders to Snowflake* (model sync) failed <!date^1795428001^{date_short_pretty} at {time}|2026-11-23 10:00:01 UTC>',
      '> warehouse is suspended',
      '[Show log]',
      '[Start sync]',
      '[Pause sync]',
      '[Open in Polytomic]',
      'Further failures of this sync come as replies in this thread, and one reply when it recovers.',
      "[I'm on it]",
      '[Snooze ▾]',
    ]);
    expect(buttonsOf(alert)[1]).toMatchObject({ label: 'Start sync', actionId: 'sync_start' });
    await deliverAndFlush(event('sync.failed', T0 + 60_000, { error: 'quota exceeded' }));
    expect(topLevel()).toHaveLength(1);
    expect(
      channelPosts()
        .filter((m) => m.threadTs === alert!.ts)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('failed again')]);
    await deliverAndFlush(event('sync.completed', T0 + 120_000, { record_count: 1234 }));
    const replies = channelPosts().filter((m) => m.threadTs === alert!.ts);
    expect(replies.at(-1)?.text).toContain('*Orders to Snowflake* recovered: completed');
    expect(replies.at(-1)?.text).toContain('1,234 records');
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(3);
    await deliverAndFlush(event('sync.completed', T0 + 180_000));
    expect(channelPosts()).toHaveLength(3);
  });

  it('counts completed_with_errors as a warning, not a failure', async () => {
    await start();
    await watch('all');
    await deliverAndFlush(
      event('sync.completed_with_errors', T0 + 1_000, { error: '3 rows rejected' }),
      event('bulk_sync.completed_with_error', T0 + 2_000, {
        sync_id: SIMULATOR_IDS.bulkSyncs.hubspotToBigquery,
        sync_name: 'HubSpot to BigQuery',
      }),
    );
    expect(channelPosts()).toHaveLength(0);
  });

  it('ignores a completed that arrived before its earlier failure: the channel is not told the sync is failing', async () => {
    await start();
    await watch('Orders to Snowflake');
    await deliverAndFlush(event('sync.completed', T0 + 60_000));
    await deliverAndFlush(event('sync.failed', T0 + 30_000, { error: 'old failure' }));
    expect(channelPosts()).toHaveLength(0);
  });

  it('puts a reordered failure and recovery in the same batch back in order', async () => {
    await start();
    await watch('Orders to Snowflake');
    await deliverAndFlush(
      event('sync.completed', T0 + 60_000),
      event('sync.failed', T0 + 30_000, { error: 'brief outage' }),
    );
    const [alert] = topLevel();
    expect(alert?.text).toContain('failed');
    expect(channelPosts().filter((m) => m.threadTs === alert!.ts)[0]?.text).toContain('recovered');
  });

  it("ends on the sync's real state when a batch holds a recovery and a new failure of it", async () => {
    await start();
    await watch('Orders to Snowflake');
    await deliverAndFlush(event('sync.failed', T0 + 1_000, { error: 'warehouse suspended' }));
    const [alert] = topLevel();
    await deliverAndFlush(
      event('sync.completed', T0 + 60_000),
      event('sync.failed', T0 + 61_000, { error: 'quota exceeded' }),
    );
    expect(topLevel()).toHaveLength(1);
    const replies = channelPosts()
      .filter((m) => m.threadTs === alert!.ts)
      .map((m) => m.text);
    expect(replies).toEqual([expect.stringContaining('failed again')]);
  });

  it('posts one grouped message when 50 syncs fail together', async () => {
    await start();
    await watch('all');
    const failures = Array.from({ length: 50 }, (_, i) =>
      event('sync.failed', T0 + i, { sync_id: randomUUID(), sync_name: `Sync ${i}`, error: 'destination unreachable' }),
    );
    await deliverAndFlush(...failures);
    expect(channelPosts()).toHaveLength(1);
    expect(channelPosts()[0]?.text).toMatch(/^50 syncs failed/);
  });

  it('posts nothing twice when Slack refuses the second message of a flush with a 429: the rest follows on the retry', async () => {
    await start();
    await watch('all');
    const churn = { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn Risk Scores → Salesforce' };
    await deliverAndFlush(event('sync.failed', T0 + 1_000, { ...churn, error: 'field missing' }));
    const [churnAlert] = topLevel();

    // Orders starts failing (the first message) and Churn recovers (the second, refused once).
    h.slack.failNext({ method: 'chat.postMessage', status: 429, retryAfterSeconds: 1, after: 1 });
    await deliverAndFlush(
      event('sync.failed', T0 + 60_000, { error: 'warehouse suspended' }),
      event('sync.completed', T0 + 61_000, churn),
    );
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('Churn Risk Scores'),
      expect.stringContaining('*Orders to Snowflake* (model sync) failed'),
    ]);
    expect(channelPosts().filter((m) => m.threadTs === churnAlert!.ts)).toEqual([]);

    h.clock.advance(DEFAULT_TIMING.alertRetryMs);
    await h.tick();
    expect(topLevel()).toHaveLength(2);
    expect(
      channelPosts()
        .filter((m) => m.threadTs === churnAlert!.ts)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('recovered')]);
    h.clock.advance(DEFAULT_TIMING.alertFlushLeaseMs);
    await h.tick();
    expect(channelPosts()).toHaveLength(3);
  });

  it('takes over a flush whose poster died once its lease ends, and posts it once', async () => {
    await start();
    await watch('Orders to Snowflake');
    await h.deliver(event('sync.failed', T0 + 1_000, { error: 'warehouse suspended' }));
    await h.settle();
    h.clock.advance(DEFAULT_TIMING.alertBatchMs);
    // A poll run claims the flush and dies before posting anything.
    const [due] = await h.worker.alertStore.dueFlushes(h.clock.now(), 10);
    expect(
      await h.worker.alertStore.claimFlush(due!, h.clock.now() + DEFAULT_TIMING.alertFlushLeaseMs, h.clock.now()),
    ).toMatchObject({ channelId: due!.channelId, version: due!.version + 1 });

    await h.tick();
    expect(channelPosts()).toHaveLength(0);
    h.clock.advance(DEFAULT_TIMING.alertFlushLeaseMs);
    await h.tick();
    await h.tick();
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('*Orders to Snowflake* (model sync) failed'),
    ]);
  });

  it('posts an event that arrived while its channel was being flushed', async () => {
    // The flush waits a second between two posts; an event is delivered during that wait.
    let duringGap: (() => Promise<void>) | undefined;
    await start({
      sleep: async () => {
        const deliver = duringGap;
        duringGap = undefined;
        await deliver?.();
      },
    });
    await watch('all');
    const churn = { sync_id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, sync_name: 'Churn Risk Scores → Salesforce' };
    await deliverAndFlush(event('sync.failed', T0 + 1_000, { ...churn, error: 'field missing' }));
    duringGap = async () => {
      await h.deliver(
        event('sync.failed', T0 + 62_000, {
          sync_id: SIMULATOR_IDS.syncs.leadScoresToSalesforce,
          sync_name: 'Lead Scores → Salesforce',
          error: 'quota',
        }),
      );
      await h.settle();
    };
    await deliverAndFlush(
      event('sync.failed', T0 + 60_000, { error: 'warehouse suspended' }),
      event('sync.completed', T0 + 61_000, churn),
    );
    expect(duringGap).toBeUndefined();
    expect(topLevel()).toHaveLength(2);

    h.clock.advance(DEFAULT_TIMING.alertBatchMs);
    await h.tick();
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('Churn Risk Scores'),
      expect.stringContaining('*Orders to Snowflake*'),
      expect.stringContaining('*Lead Scores → Salesforce* (model sync) failed'),
    ]);
  });

  it('in all-runs mode also reports finished runs', async () => {
    await start();
    await watch('Orders to Snowflake all-runs');
    await deliverAndFlush(event('sync.completed', T0 + 1_000, { record_count: 10 }));
    expect(channelPosts()[0]?.text).toBe('1 run finished');
  });

  it('posts only in the channels that watch the sync', async () => {
    await start();
    await watch('Orders to Snowflake', 'C0ONE');
    await watch('Churn Risk Scores → Salesforce', 'C0TWO');
    await deliverAndFlush(event('sync.failed', T0 + 1_000, { error: 'x' }));
    expect(channelPosts('C0ONE')).toHaveLength(1);
    expect(channelPosts('C0TWO')).toHaveLength(0);
  });
});

describe('/polytomic watch and unwatch', () => {
  it('lists the channel’s watches with who added them, and removes them', async () => {
    await start();
    await watch('Orders to Snowflake');
    await watch('all all-runs');
    expect(visibleLines(await watch(''))).toEqual([
      '*Watches in <#C0DATA>*',
      '• *Orders to Snowflake* · failures and recoveries · added by <@U0ALICE> <!date^1795428000^{date_short}|2026-11-23 10:00:00 UTC>',
      '• *every sync* · every finished run · added by <@U0ALICE> <!date^1795428000^{date_short}|2026-11-23 10:00:00 UTC>',
      '`/polytomic unwatch <sync>` or `/polytomic unwatch all` removes one.',
    ]);
    const ack = await h.command('unwatch orders to snowflake');
    await h.settle();
    expect(h.replies(ack.responseUrlId)[0]?.text).toContain('stopped the alerts for *Orders to Snowflake*');
    expect((await h.worker.alertStore.watchesOfChannel('C0DATA')).map((w) => w.syncId)).toEqual(['ALL']);
  });

  it('answers an unknown sync with close names, and follows the access policy', async () => {
    await start({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [] } });
    expect(visibleLines(await watch('orders'))).toEqual([
      ':no_entry: You are not allowed to change which syncs this channel watches through this bot. Ask the people who run this bot for your workspace to grant you access. Nothing was changed.',
    ]);
    await h.close();
    await start();
    expect(visibleLines(await watch('orders'))).toEqual([
      "I couldn't find a sync called *orders*. Did you mean *Orders to Snowflake*, *Orders to Snowflake (backfill)*?",
    ]);
  });
});
