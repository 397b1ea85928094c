import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const SUPPORT = SIMULATOR_IDS.syncs.supportTicketsToSalesforce;
/** The simulator starts here: Support Tickets' last run was 04:50–04:53, and its 05:50 run never started. */
const T0 = Date.parse('2026-11-23T10:00:00Z');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let h: Harness;
afterEach(async () => h.close());
const start = async () => {
  h = await startHarness({ clock: createTestClock(T0) });
};

function event(type: string, fields: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type,
    organization_id: 'org',
    created_at: new Date(h.clock.now()).toISOString(),
    event: { execution_id: randomUUID(), sync_id: ORDERS, sync_name: 'Orders to Snowflake', ...fields },
  };
}

async function watch(text: string, channelId = 'C0DATA') {
  const ack = await h.command(`watch ${text}`, { channelId });
  await h.settle();
  return { ack: ack.body, reply: h.replies(ack.responseUrlId)[0] };
}

/** Lets time pass, then ticks; and once more after the batch window, so what the tick queued is posted. */
async function tickAt(ms: number) {
  h.clock.set(ms);
  await h.tick();
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  await h.tick();
}

async function deliver(...events: unknown[]) {
  for (const e of events) expect((await h.deliver(e)).status).toBe(200);
  await h.settle();
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  await h.tick();
}

const topLevel = (channel = 'C0DATA') => h.posted(channel).filter((m) => !m.threadTs);
const thread = (ts: string, channel = 'C0DATA') => h.posted(channel).filter((m) => m.threadTs === ts);

describe('watch rules in the watch grammar', () => {
  it('sets rules on a watch, keeps its mode, lists them, takes one off, and refuses rules on `watch all`', async () => {
    await start();
    await watch('Orders to Snowflake all-runs');
    const set = await watch('Orders to Snowflake stale 6h errors > 5%');
    expect(visibleLines(set.reply)).toEqual([
      ':bell: <@U0ALICE> set the rules for *Orders to Snowflake* in this channel: `stale 6h`, `errors &gt; 5%`. Each alerts here when it fires and recovers like a failure; this channel also hears about its every finished run.',
    ]);
    const list = await watch('');
    expect(visibleLines(list.reply)[1]).toMatch(
      /^• \*Orders to Snowflake\* · every finished run · rules: `stale 6h`, `errors &gt; 5%` · added by <@U0ALICE> /,
    );
    await watch('Orders to Snowflake stale off');
    expect(visibleLines((await watch('')).reply)[1]).toMatch(/every finished run · rules: `errors &gt; 5%` · added/);
    const removed = await watch('Orders to Snowflake errors off');
    expect(visibleLines(removed.reply)).toEqual([
      ':bell: <@U0ALICE> removed the rules for *Orders to Snowflake*; this channel still hears about its every finished run.',
    ]);

    const all = await watch('all stale 6h');
    expect(visibleLines(all.reply)).toEqual([
      'Rules are set per sync, since what is stale or too many errors differs from one sync to the next: `/polytomic watch <sync> stale 6h`.',
    ]);
  });

  it('answers a rule it cannot read with the usage, and changes nothing', async () => {
    await start();
    const bad = await watch('Orders to Snowflake errors > lots');
    expect(visibleLines(bad.reply)).toEqual([
      "I can't read the rule `errors &gt; lots`. `/polytomic watch <sync> stale 6h` sets a rule. Rules: `stale 6h` (no successful run in that long), `errors &gt; 100` or `errors &gt; 5%` (of the records of a run that completed with errors), `running &gt; 2h` or `running &gt; 3x` (3× its median of the last 10 runs); `stale off` (and so on) removes one.",
    ]);
    expect(visibleLines((await watch('')).reply)[0]).toMatch(/^<#C0DATA> watches no syncs/);
  });

  it('watches a sync whose name has a rule word in it by that name, and still reads a rule after it', async () => {
    await start();
    h.polytomic.addModelSyncs(1, 'Orders running late');
    expect(visibleLines((await watch('Orders running late 1')).reply)).toEqual([
      ':bell: <@U0ALICE> set this channel to hear about failures and recoveries of *Orders running late 1*.',
    ]);
    expect(visibleLines((await watch('orders RUNNING late 1 stale 6h')).reply)[0]).toContain('stale 6h');
    expect(visibleLines((await watch('')).reply)[1]).toMatch(
      /^• \*Orders running late 1\* · failures and recoveries · rules: `stale 6h`/,
    );
  });
});

describe('a stale sync, found by the poller', () => {
  it('alerts once when the last success turns 6 hours old, and recovers when a check sees a successful run', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases stale 6h');
    await tickAt(T0);
    expect(h.posted()).toEqual([]);

    // Two overlapping ticks at 10:53, when the 04:53 success turns six hours old: one check, one alert.
    h.clock.set(T0 + 53 * MINUTE);
    await Promise.all([h.tick(), h.tick()]);
    await tickAt(T0 + 53 * MINUTE + DEFAULT_TIMING.alertBatchMs);
    expect(topLevel()).toHaveLength(1);
    const [alert] = topLevel();
    expect(visibleLines(alert)).toEqual([
      ':red_circle: *Support Tickets → Salesforce Cases* (model sync) broke its rule `stale 6h`',
      '> No successful run in 6h (since 2026-11-23 04:53 UTC); its next scheduled run (2026-11-23 05:50 UTC) never started.',
      '[Start sync]',
      '[Pause sync]',
      '[Open in Polytomic]',
      'Further failures of this sync come as replies in this thread, and one reply when it recovers.',
      "[I'm on it]",
      '[Snooze ▾]',
    ]);

    // Still stale an hour later: the same stretch is not alerted again.
    await tickAt(T0 + 2 * HOUR);
    expect(topLevel()).toHaveLength(1);
    expect(thread(alert!.ts!).map((m) => m.text)).toEqual([
      expect.stringMatching(/has been failing for 30 minutes and nobody has taken it/),
    ]);

    // Someone starts it by hand; no event reaches the bot, the next check sees the success.
    h.polytomic.runNow(SUPPORT, { result: 'completed', durationMs: 2 * SECOND });
    await tickAt(T0 + 3 * HOUR + MINUTE);
    expect(
      thread(alert!.ts!)
        .map((m) => m.text)
        .slice(1),
    ).toEqual([
      expect.stringMatching(/^:white_check_mark: \*Support Tickets → Salesforce Cases\* recovered: completed/),
    ]);
  });
});

describe('a run going on too long, found by the poller', () => {
  it('alerts when a run passes its limit, names the rule, and recovers with the run’s completion event', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases running > 2h');
    await tickAt(T0);
    h.clock.set(T0 + MINUTE);
    h.polytomic.runNow(SUPPORT, { result: 'completed', durationMs: 3 * HOUR });
    await tickAt(T0 + HOUR);
    await tickAt(T0 + 2 * HOUR);
    expect(h.posted()).toEqual([]);
    await tickAt(T0 + 2 * HOUR + MINUTE);
    const [alert] = topLevel();
    expect(visibleLines(alert).slice(0, 2)).toEqual([
      ':red_circle: *Support Tickets → Salesforce Cases* (model sync) broke its rule `running &gt; 2h`',
      '> Still running after 2h (started 2026-11-23 10:01 UTC).',
    ]);

    // The run's completion event reaches the bot through the poller's event catch-up.
    h.clock.set(T0 + 3 * HOUR + 2 * MINUTE);
    await h.tick();
    await h.settle();
    await tickAt(h.clock.now() + DEFAULT_TIMING.alertBatchMs);
    // Nobody took it in 30 minutes: the incident workflow's reminder applies to a rule's alert as to a failure.
    expect(thread(alert!.ts!).map((m) => m.text)).toEqual([
      expect.stringMatching(/has been failing for 30 minutes and nobody has taken it/),
      expect.stringContaining('recovered: completed'),
    ]);
  });

  /** Support Tickets' run from 10:01, 3 h long, alerted at 12:01 under `running > 2h`; its alert. */
  async function lateRunAlerted() {
    await watch('Support Tickets → Salesforce Cases running > 2h');
    await tickAt(T0);
    h.clock.set(T0 + MINUTE);
    h.polytomic.runNow(SUPPORT, { result: 'completed', durationMs: 3 * HOUR });
    await tickAt(T0 + 2 * HOUR + MINUTE);
    return topLevel().at(-1)!;
  }
  const cancelSupport = async () =>
    h.polytomic.fetch(`/api/syncs/${SUPPORT}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${POLYTOMIC_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });

  it('closes the alert when its late run is canceled: one reply, and the root says so', async () => {
    await start();
    const alert = await lateRunAlerted();
    expect(visibleLines(alert)[0]).toContain('broke its rule `running &gt; 2h`');
    h.clock.set(T0 + 2 * HOUR + 3 * MINUTE);
    expect((await cancelSupport()).status).toBe(200);
    // The alerted run is looked at again 5 minutes after the alert: it has ended, canceled.
    await tickAt(T0 + 2 * HOUR + 6 * MINUTE);
    await tickAt(T0 + 2 * HOUR + 11 * MINUTE);
    expect(thread(alert.ts!).map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^:no_entry_sign: \*Support Tickets → Salesforce Cases\*: the run that broke its rule `running &gt; 2h` was canceled <!date\^\d+\^.*>, so this alert is closed\.$/,
      ),
    ]);
    const root = h.slack.messages.filter((m) => m.via === 'chat.update' && m.ts === alert.ts).at(-1);
    expect(visibleLines(root).join('\n')).toContain(':no_entry_sign: Closed: the late run was canceled');
    expect(await h.worker.incidentStore.get('C0DATA', SUPPORT)).toMatchObject({
      closedAs: 'canceled',
      recoveredAt: expect.any(Number),
    });
  });

  it('keeps a failing sync’s alert open when its late run is canceled: the sync still fails', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases running > 2h');
    await deliver(event('sync.failed', { sync_id: SUPPORT, sync_name: 'Support Tickets → Salesforce Cases' }));
    const [alert] = topLevel();
    await tickAt(T0 + 10 * MINUTE);
    h.clock.set(T0 + 11 * MINUTE);
    h.polytomic.runNow(SUPPORT, { result: 'completed', durationMs: 3 * HOUR });
    await tickAt(T0 + 2 * HOUR + 11 * MINUTE);
    const late = thread(alert!.ts!).filter((m) => m.text?.includes('broke its rule'));
    expect(late).toHaveLength(1);
    h.clock.set(T0 + 2 * HOUR + 12 * MINUTE);
    expect((await cancelSupport()).status).toBe(200);
    await tickAt(T0 + 2 * HOUR + 16 * MINUTE);
    await tickAt(T0 + 2 * HOUR + 21 * MINUTE);
    expect(thread(alert!.ts!).some((m) => m.text?.includes('canceled'))).toBe(false);
    const incident = await h.worker.incidentStore.get('C0DATA', SUPPORT);
    expect(incident?.recoveredAt).toBeUndefined();
    expect(incident?.threadTs).toBe(alert!.ts);
  });

  it('judges `running > 3x` against the median of the sync’s last runs', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases running > 3x');
    await tickAt(T0); // its runs take about 3 minutes: the limit is 3 × 2m 58s
    h.clock.set(T0 + MINUTE);
    h.polytomic.runNow(SUPPORT, { result: 'completed', durationMs: HOUR });
    await tickAt(T0 + 9 * MINUTE);
    expect(h.posted()).toEqual([]);
    await tickAt(T0 + 10 * MINUTE);
    expect(visibleLines(topLevel()[0]).slice(0, 2)).toEqual([
      ':red_circle: *Support Tickets → Salesforce Cases* (model sync) broke its rule `running &gt; 3x`',
      '> Still running after 9m (started 2026-11-23 10:01 UTC); its median run takes 2m 58s.',
    ]);
  });

  it('checks nothing once the rule is taken off or the sync unwatched', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases stale 6h running > 2h');
    await watch('Support Tickets → Salesforce Cases stale off');
    await watch('Support Tickets → Salesforce Cases stale 5h', 'C0OPS');
    await watch('Support Tickets → Salesforce Cases', 'C0OPS');
    await h.command('unwatch Support Tickets → Salesforce Cases', { channelId: 'C0OPS' });
    await h.settle();
    const statusReads = () => h.polytomic.calls.filter((c) => c.path.endsWith('/status')).length;
    await tickAt(T0);
    expect(statusReads()).toBe(1); // C0DATA's running check; C0OPS has none
    await tickAt(T0 + 12 * HOUR);
    expect(h.posted('C0DATA')).toEqual([]);
    expect(h.posted('C0OPS')).toEqual([]);
  });
});

describe('a check Polytomic cannot answer', () => {
  it('tries again when its lease ends after an outage, and an hour later when Polytomic refuses the sync', async () => {
    await start();
    await watch('Support Tickets → Salesforce Cases stale 6h');
    const statusReads = () => h.polytomic.calls.filter((c) => c.path.endsWith('/status')).length;
    h.polytomic.failNext({ path: /\/status$/, status: 503, times: 10 });
    await tickAt(T0);
    const afterOutage = statusReads();
    await tickAt(T0 + MINUTE);
    expect(statusReads()).toBe(afterOutage);
    h.polytomic.clearFaults();
    h.polytomic.failNext({ path: /\/status$/, status: 404 });
    await tickAt(T0 + DEFAULT_TIMING.alertFlushLeaseMs);
    expect(statusReads()).toBe(afterOutage + 1);
    await tickAt(T0 + 30 * MINUTE);
    expect(statusReads()).toBe(afterOutage + 1);
    await tickAt(T0 + DEFAULT_TIMING.alertFlushLeaseMs + HOUR);
    expect(statusReads()).toBe(afterOutage + 2);
    // Answered again, past 10:53: the sync is stale.
    expect(topLevel().map((m) => m.text)).toEqual([expect.stringContaining('broke its rule `stale 6h`')]);
  });
});

describe('errors over a threshold, judged per channel from the event', () => {
  it('makes a completed-with-errors run a failure in the channel with the rule, and nothing in one without', async () => {
    await start();
    await watch('Orders to Snowflake errors > 5%');
    await watch('Orders to Snowflake', 'C0OPS');
    await deliver(
      event('sync.completed_with_errors', { record_count: 1000, error_count: 80, error: '80 rows rejected' }),
    );
    expect(h.posted('C0OPS')).toEqual([]);
    const [alert] = topLevel();
    expect(visibleLines(alert).slice(0, 2)).toEqual([
      ':red_circle: *Orders to Snowflake* (model sync) broke its rule `errors &gt; 5%`',
      '> 80 records errored (8% of 1,000 records): 80 rows rejected',
    ]);

    h.clock.advance(MINUTE);
    await deliver(event('sync.completed_with_errors', { record_count: 1000, error_count: 10 }));
    h.clock.advance(MINUTE);
    await deliver(event('sync.completed', { record_count: 1000 }));
    expect(thread(alert!.ts!).map((m) => m.text)).toEqual([
      expect.stringMatching(/^:white_check_mark: \*Orders to Snowflake\* recovered: completed with warnings/),
    ]);
    expect(h.posted('C0OPS')).toEqual([]);
  });
});
