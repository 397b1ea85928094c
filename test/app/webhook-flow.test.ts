import { afterEach, describe, expect, it } from 'vitest';
import { CATCHUP_POLICY } from '../../src/lib/app/events-catchup.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const ACCOUNTS = SIMULATOR_IDS.syncs.snowflakeAccountsToSalesforce;
// 10:20 UTC: the seeded syncs used here are between scheduled runs, so runNow may start them.
const T0 = Date.parse('2026-11-23T10:20:00Z');

let h: Harness;
afterEach(async () => h.close());

async function command(text: string) {
  const ack = await h.command(text);
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}

/** A run that ends now with this result, delivered by the simulated Polytomic to the bot's webhook. */
async function runAndDeliver(syncId: string, result: 'failed' | 'completed', error?: string) {
  h.polytomic.runNow(syncId, { result, error, durationMs: 1_000 });
  h.clock.advance(1_000);
  const deliveries = await h.polytomic.deliverEvents({ fetch: h.appFetch });
  await h.settle();
  return deliveries;
}

async function flush() {
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  await h.tick();
}

const topLevel = () => h.posted().filter((m) => !m.threadTs);

describe('the webhook, end to end with the simulated Polytomic', () => {
  it('is set up by command, then carries a failure, its repeat and its recovery to the watching channel', async () => {
    h = await startHarness({ clock: createTestClock(T0), configuredWebhookSecret: false });
    expect(visibleLines(await command('webhook'))).toEqual([
      'Polytomic has no webhook for this organisation, so alerts come only from the catch-up, a minute late. `/polytomic webhook setup` registers one.',
    ]);
    expect(visibleLines(await command('webhook setup'))).toEqual([
      ':white_check_mark: Polytomic now sends its sync events to `http://localhost/polytomic/events`, signed with a new secret. Channels hear about the syncs they `/polytomic watch`.',
    ]);
    expect(visibleLines(await command('webhook'))).toEqual([
      "Polytomic's webhook (:large_green_circle: enabled) sends events to `http://localhost/polytomic/events`, this bot. Set up by <@U0ALICE> <!date^1795429200^{date_short_pretty} at {time}|2026-11-23 10:20:00 UTC>.",
    ]);
    await command('watch Orders to Snowflake');

    const deliveries = await runAndDeliver(ORDERS, 'failed', 'warehouse is suspended');
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    await flush();
    const [alert] = topLevel();
    expect(alert?.text).toContain('*Orders to Snowflake* (model sync) failed');
    expect(alert?.text).toContain('warehouse is suspended');

    await runAndDeliver(ORDERS, 'failed', 'still suspended');
    await flush();
    await runAndDeliver(ORDERS, 'completed');
    await flush();
    expect(topLevel()).toHaveLength(1);
    const thread = h
      .posted()
      .filter((m) => m.threadTs === alert!.ts)
      .map((m) => m.text);
    expect(thread).toEqual([expect.stringContaining('failed again'), expect.stringContaining('recovered')]);
  });

  it('refuses deliveries signed with anything but the stored secret', async () => {
    h = await startHarness({ clock: createTestClock(T0), configuredWebhookSecret: false });
    await command('webhook setup');
    const forged = await h.deliver({
      id: 'e1',
      type: 'sync.failed',
      created_at: new Date(T0).toISOString(),
      event: { sync_id: ORDERS },
    });
    expect(forged.status).toBe(401);
  });

  it('keeps verifying with the secret Polytomic signs with when Polytomic refuses a new one', async () => {
    h = await startHarness({ clock: createTestClock(T0), configuredWebhookSecret: false });
    await command('webhook setup');
    h.polytomic.failNext({ path: '/api/webhooks/', method: 'PUT', status: 500, times: 2 });
    await command('webhook setup');
    await command('webhook setup');
    const deliveries = await runAndDeliver(ORDERS, 'failed', 'warehouse is suspended');
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
  });

  it('catches up a dropped delivery from the event list, once', async () => {
    h = await startHarness({ clock: createTestClock(T0), configuredWebhookSecret: false });
    await command('webhook setup');
    await command('watch all');
    h.polytomic.dropNextDeliveries(10);
    const deliveries = await runAndDeliver(ACCOUNTS, 'failed', 'Salesforce session expired');
    expect(deliveries.every((d) => d.status === 'dropped')).toBe(true);
    await flush();
    expect(topLevel()).toHaveLength(0);
    h.clock.advance(CATCHUP_POLICY.everyMs);
    await h.tick(); // reads the event list and records the missed event as a job
    await h.tick(); // runs the job, which queues the alert
    await flush();
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('Snowflake Accounts to Salesforce* (model sync) failed'),
    ]);
    h.clock.advance(CATCHUP_POLICY.everyMs);
    await h.tick();
    await h.tick();
    await flush();
    expect(topLevel()).toHaveLength(1);
  });

  it('posts nothing twice for duplicated and reordered deliveries', async () => {
    h = await startHarness({ clock: createTestClock(T0), configuredWebhookSecret: false });
    await command('webhook setup');
    await command('watch Orders to Snowflake');
    h.polytomic.runNow(ORDERS, { result: 'failed', error: 'first', durationMs: 1_000 });
    h.clock.advance(2_000);
    h.polytomic.duplicateNextDelivery();
    h.polytomic.reverseNextDeliveryBatch();
    await h.polytomic.deliverEvents({ fetch: h.appFetch });
    await h.settle();
    await flush();
    expect(h.posted()).toHaveLength(1);
  });
});
