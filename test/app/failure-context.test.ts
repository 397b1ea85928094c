import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILURE_ACTIONS, SYNC_ACTIONS } from '../../src/lib/core/buttons.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

// The simulator's seeded failures, timed from its start (T0): Account Health → Salesforce failed its
// 06:40 and 07:40 runs; Salesforce → Snowflake's 07:20 run failed its Opportunity table.
const ACCOUNT_HEALTH = SIMULATOR_IDS.syncs.accountHealthToSalesforce;
const CONTACTS = SIMULATOR_IDS.syncs.salesforceContactsToHubspot; // some runs reject rows
const SF_SNOWFLAKE = SIMULATOR_IDS.bulkSyncs.salesforceToSnowflake;
const T0 = Date.parse('2026-11-23T10:00:00Z');

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(T0), ...options });
}
afterEach(async () => h.close());

interface SimRun {
  id: string;
  status: string;
  created_at: string;
  completed_at: string;
  errors?: string[];
  status_message?: string;
  counts?: { error: number };
}

/** A sync's runs as Polytomic lists them, read straight from the simulator. */
async function runsOf(path: string): Promise<SimRun[]> {
  const response = await h.polytomic.fetch(`${path}/executions?limit=10`, {
    headers: { authorization: `Bearer ${POLYTOMIC_KEY}` },
  });
  return ((await response.json()) as { data: SimRun[] }).data;
}

/** The event Polytomic sends for a run that ended, naming it (or not). */
function eventFor(type: string, syncId: string, syncName: string, run: SimRun, fields: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type,
    organization_id: 'org',
    created_at: run.completed_at,
    event: { execution_id: run.id, sync_id: syncId, sync_name: syncName, ...fields },
  };
}

async function watch(name: string) {
  await h.command(`watch ${name}`, { channelId: 'C0DATA' });
  await h.settle();
}

async function deliverAndFlush(...events: unknown[]) {
  for (const e of events) expect((await h.deliver(e)).status).toBe(200);
  await h.settle();
  h.clock.advance(DEFAULT_TIMING.alertBatchMs);
  await h.tick();
}

const topLevel = () => h.posted('C0DATA').filter((m) => !m.threadTs);
const inThread = (ts: string | undefined) => h.posted('C0DATA').filter((m) => m.threadTs === ts);
const warnings = () => h.log.lines.filter((l) => l.level === 'WARN').map((l) => l.message);

async function accountHealthFailure() {
  const failed = (await runsOf(`/api/syncs/${ACCOUNT_HEALTH}`)).find((r) => r.status === 'failed')!;
  const event = eventFor('sync.failed', ACCOUNT_HEALTH, 'Account Health → Salesforce', failed, {
    error: failed.errors?.join('; '),
  });
  return { failed, event };
}

async function bulkFailure() {
  const failed = (await runsOf(`/api/bulk/syncs/${SF_SNOWFLAKE}`)).find((r) => r.status === 'failed')!;
  const event = eventFor('bulk_sync.failed', SF_SNOWFLAKE, 'Salesforce → Snowflake', failed, {
    error: failed.status_message,
  });
  return { failed, event };
}

const ACCOUNT_HEALTH_FAILED = [
  ':red_circle: *Account Health → Salesforce* (model sync) failed <!date^1795419720^{date_short_pretty} at {time}|2026-11-23 07:42:00 UTC>',
  '> Salesforce API error: UNABLEˍTOˍLOCKˍROW: unable to obtain exclusive access to this record or 200 records',
];
const FOOTER = [
  '[Start sync]',
  '[Pause sync]',
  '[Open in Polytomic]',
  'Further failures of this sync come as replies in this thread, and one reply when it recovers.',
  // The incident controls every single failure alert ends with (test/app/incident.test.ts).
  "[I'm on it]",
  '[Snooze ▾]',
];

describe('an alert with its run’s context', () => {
  it('shows the failed run’s counts and errors, read from Polytomic once, with a Show log button', async () => {
    await start();
    await watch('Account Health → Salesforce');
    const { failed, event } = await accountHealthFailure();
    await deliverAndFlush(event);
    const [alert] = topLevel();
    // The strip ends with the failed run (runs since are left out, the event may be late).
    expect(visibleLines(alert)).toEqual([
      ...ACCOUNT_HEALTH_FAILED,
      'No records',
      'Recent runs, newest first: :red_circle: 1m 58s · :red_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :red_circle: 1m 58s · :red_circle: 1m 58s',
      '[Show log]',
      ...FOOTER,
    ]);
    expect(buttonsOf(alert)[0]).toMatchObject({
      actionId: FAILURE_ACTIONS.showLog,
      value: `model:${ACCOUNT_HEALTH}:${failed.id}`,
    });
    expect(h.polytomic.calls.filter((c) => c.path.includes(`/executions/${failed.id}`))).toHaveLength(1);
  });

  it('lists a bulk run’s failed table, and offers to retry it behind a confirm naming it', async () => {
    await start();
    await watch('Salesforce → Snowflake');
    const { failed, event } = await bulkFailure();
    await deliverAndFlush(event);
    const [alert] = topLevel();
    expect(visibleLines(alert)).toEqual([
      ':red_circle: *Salesforce → Snowflake* (bulk sync) failed <!date^1795419060^{date_short_pretty} at {time}|2026-11-23 07:31:00 UTC>',
      '> 1 of 5 schemas failed',
      '25,465 records',
      '*1 table failed*',
      '• *Opportunity*: Salesforce API error: INSUFFICIENTˍACCESS: the integration user cannot read Opportunity',
      'Recent runs, newest first: :red_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s · :red_circle: 10m 58s · :large_green_circle: 10m 58s',
      '[Show log]',
      '[Retry failed tables]',
      ...FOOTER,
    ]);
    expect(buttonsOf(alert)[1]).toEqual({
      label: 'Retry failed tables',
      actionId: FAILURE_ACTIONS.retryTables,
      value: `bulk:${SF_SNOWFLAKE}:${failed.id}`,
      url: undefined,
      confirm: 'Start a run of *Salesforce → Snowflake* for *Opportunity* only?',
    });
  });

  it('reads the sync’s latest run when the event named none, and only if that run ended as the event says', async () => {
    await start();
    await watch('all');
    const manual = h.polytomic.runNow(ACCOUNT_HEALTH, { result: 'failed', error: 'Salesforce session expired' });
    h.clock.advance(2_000);
    const anonymous = (type: string, syncId: string, syncName: string, error: string) => ({
      id: randomUUID(),
      type,
      organization_id: 'org',
      created_at: new Date(h.clock.now()).toISOString(),
      event: { sync_id: syncId, sync_name: syncName, error },
    });
    await deliverAndFlush(anonymous('sync.failed', ACCOUNT_HEALTH, 'Account Health → Salesforce', 'session expired'));
    const [alert] = topLevel();
    expect(visibleLines(alert).slice(1, 7)).toEqual([
      '> session expired',
      'No records',
      '*Errors*',
      '> Salesforce session expired',
      'Recent runs, newest first: :red_circle: 1s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :red_circle: 1m 58s · :red_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :red_circle: 1m 58s',
      '[Show log]',
    ]);
    expect(buttonsOf(alert)[0]?.value).toBe(`model:${ACCOUNT_HEALTH}:${manual}`);
    // Salesforce → Snowflake's latest run completed: it is not the failure the event tells of.
    await deliverAndFlush(anonymous('bulk_sync.failed', SF_SNOWFLAKE, 'Salesforce → Snowflake', 'tables failed'));
    expect(visibleLines(topLevel()[1]).slice(1)).toEqual(['> tables failed', ...FOOTER]);
  });

  it('goes out without context, logged at WARN, when Polytomic fails while it is read', async () => {
    await start();
    await watch('Account Health → Salesforce');
    const { event } = await accountHealthFailure();
    h.polytomic.failNext({ path: /\/executions\//, status: 503, times: 10 });
    await deliverAndFlush(event);
    expect(visibleLines(topLevel()[0])).toEqual([...ACCOUNT_HEALTH_FAILED, '[Show log]', ...FOOTER]);
    expect(warnings()).toContain('failure context unavailable; alerting without it');
  });

  it('goes out without context when Polytomic does not answer in time', async () => {
    await start({ polytomicTimeoutMs: 1_000, timing: { failureContextMs: 200 } });
    await watch('Account Health → Salesforce');
    const { event } = await accountHealthFailure();
    h.polytomic.failNext({ path: /\/executions\//, status: 200, hang: true });
    await deliverAndFlush(event);
    expect(visibleLines(topLevel()[0])).toEqual([...ACCOUNT_HEALTH_FAILED, '[Show log]', ...FOOTER]);
    expect(h.log.lines).toContainEqual(
      expect.objectContaining({ message: 'failure context unavailable; alerting without it', reason: 'deadline' }),
    );
  });

  it('repeats the context and its buttons in the thread when the sync fails again', async () => {
    await start();
    await watch('Account Health → Salesforce');
    const runs = (await runsOf(`/api/syncs/${ACCOUNT_HEALTH}`)).filter((r) => r.status === 'failed');
    const [later, earlier] = runs;
    const failure = (run: SimRun) =>
      eventFor('sync.failed', ACCOUNT_HEALTH, 'Account Health → Salesforce', run, { error: run.errors?.join('; ') });
    await deliverAndFlush(failure(earlier!));
    await deliverAndFlush(failure(later!));
    const [alert] = topLevel();
    const [repeat] = inThread(alert!.ts);
    expect(visibleLines(repeat).slice(1)).toEqual([
      'No records',
      'Recent runs, newest first: :red_circle: 1m 58s · :red_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :large_green_circle: 1m 58s · :red_circle: 1m 58s · :red_circle: 1m 58s',
      '[Show log]',
    ]);
    expect(buttonsOf(repeat)[0]?.value).toBe(`model:${ACCOUNT_HEALTH}:${later!.id}`);
  });
});

describe('Show log', () => {
  async function alertOfAccountHealth() {
    await start();
    await watch('Account Health → Salesforce');
    const { failed, event } = await accountHealthFailure();
    await deliverAndFlush(event);
    return { alert: topLevel()[0]!, value: `model:${ACCOUNT_HEALTH}:${failed.id}`, failed };
  }

  it('posts the console log tail once in the alert’s thread, however often it is pressed', async () => {
    const { alert, value, failed } = await alertOfAccountHealth();
    const first = await h.press(FAILURE_ACTIONS.showLog, value, { ephemeral: false, messageTs: alert.ts });
    await h.settle();
    const second = await h.press(FAILURE_ACTIONS.showLog, value, {
      ephemeral: false,
      messageTs: alert.ts,
      userId: 'U0BOB',
    });
    await h.settle();
    const replies = inThread(alert.ts);
    expect(replies).toHaveLength(1);
    const lines = visibleLines(replies[0]);
    expect(lines[0]).toBe(
      `:page_facing_up: Console log of *Account Health → Salesforce*, run \`${failed.id}\`: the last ${lines.length - 3} entries, newest last (times in UTC)`,
    );
    expect(lines.slice(-3)).toEqual([
      '07:42:00 ERROR Salesforce API error: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 200 records',
      '07:42:00 ERROR Sync failed',
      '```',
    ]);
    for (const press of [first, second])
      expect(h.replies(press.responseUrlId)).toEqual([
        expect.objectContaining({
          responseType: 'ephemeral',
          replaceOriginal: false,
          text: ':page_facing_up: The run’s console log is in the thread.',
        }),
      ]);
  });

  it('posts the log once when Slack’s answer to the post was lost and the job tried again', async () => {
    await start({ timing: { slackTimeoutMs: 150 } });
    await watch('Account Health → Salesforce');
    const { failed, event } = await accountHealthFailure();
    await deliverAndFlush(event);
    const [alert] = topLevel();
    // Slack accepts the post and answers only after the bot's deadline: the bot cannot know it landed.
    h.slack.failNext({ method: 'chat.postMessage', slowMs: 600 });
    const press = await h.press(FAILURE_ACTIONS.showLog, `model:${ACCOUNT_HEALTH}:${failed.id}`, {
      ephemeral: false,
      messageTs: alert!.ts,
    });
    await h.settleWithRetries();
    expect(inThread(alert!.ts)).toHaveLength(1);
    // The retry looked for the post in the thread (the post-once ledger) instead of posting again.
    expect(h.slack.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect(h.replies(press.responseUrlId).at(-1)?.text).toBe(
      ':page_facing_up: The run’s console log is in the thread.',
    );
  });

  it('is open to everyone, and posts once Polytomic answers again', async () => {
    // Alice may change things (she sets up the watch); Mallory may only read.
    await start({ policy: { users: ['U0ALICE'], usergroups: [], channels: [], contact: '<@U0ALICE>' } });
    await watch('Account Health → Salesforce');
    const { failed, event } = await accountHealthFailure();
    await deliverAndFlush(event);
    const [alert] = topLevel();
    h.polytomic.failNext({ path: /\/consolelog$/, status: 503, times: 3 });
    await h.press(FAILURE_ACTIONS.showLog, `model:${ACCOUNT_HEALTH}:${failed.id}`, {
      ephemeral: false,
      messageTs: alert!.ts,
      userId: 'U0MALLORY',
    });
    await h.settleWithRetries();
    expect(inThread(alert!.ts)).toHaveLength(1);
  });

  it('posts in the alert’s thread when pressed on a repeat there', async () => {
    const { alert, value } = await alertOfAccountHealth();
    await h.press(FAILURE_ACTIONS.showLog, value, {
      ephemeral: false,
      messageTs: '1790000000.000900',
      threadTs: alert.ts,
    });
    await h.settle();
    expect(inThread(alert.ts)).toHaveLength(1);
  });

  it('answers only the presser on a card only they see, and posts nothing', async () => {
    const { value } = await alertOfAccountHealth();
    const press = await h.press(FAILURE_ACTIONS.showLog, value);
    await h.settle();
    expect(h.posted('C0DATA')).toHaveLength(1);
    const [reply] = h.replies(press.responseUrlId);
    expect(reply).toMatchObject({ responseType: 'ephemeral', replaceOriginal: false });
    expect(visibleLines(reply).at(-2)).toBe('07:42:00 ERROR Sync failed');
  });

  it('says in words when Polytomic no longer has the run', async () => {
    await start();
    const run = randomUUID();
    const press = await h.press(FAILURE_ACTIONS.showLog, `model:${ACCOUNT_HEALTH}:${run}`);
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId).at(-1))).toEqual([
      `:warning: I couldn't show the run’s log. Polytomic could not find it any more; it may have been deleted. Polytomic said: “execution ${run} not found”`,
    ]);
  });
});

describe('Errored records', () => {
  async function rejectedRun() {
    const runs = await runsOf(`/api/syncs/${CONTACTS}`);
    return runs.find((r) => (r.counts?.error ?? 0) > 0)!;
  }

  it('shows the signed link and its expiry to the presser alone, and never logs it', async () => {
    await start();
    const run = await rejectedRun();
    const press = await h.press(FAILURE_ACTIONS.erroredRecords, `model:${CONTACTS}:${run.id}`, {
      ephemeral: false,
      messageTs: '1790000000.000100',
    });
    await h.settle();
    const [reply] = h.replies(press.responseUrlId);
    expect(reply).toMatchObject({ responseType: 'ephemeral', replaceOriginal: false });
    const lines = visibleLines(reply);
    expect(lines).toEqual([
      ':lock: Errored records of *Salesforce Contacts → HubSpot*, for you only: the link holds record data and stops working <!date^1795431600^{date_short_pretty} at {time}|2026-11-23 11:00:00 UTC>.',
      expect.stringMatching(
        new RegExp(
          `^<http://127\\.0\\.0\\.1:\\d+/files/syncs/${CONTACTS}/executions/${run.id}/errors\\.json\\?expires=\\d+&amp;signature=[0-9a-f]{64}\\|Download errored records>$`,
        ),
      ),
    ]);
    const url = /<(http[^|]+)\|/.exec(lines[1]!)![1]!.replace(/&amp;/g, '&');
    expect(h.posted('C0DATA')).toEqual([]);
    expect(JSON.stringify(h.log.lines)).not.toContain(url.split('?')[1]);
  });

  it('answers each presser alone, also when Polytomic fails at first and the job tries again', async () => {
    await start({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [], contact: '<@U0ADMIN>' } });
    const run = await rejectedRun();
    h.polytomic.failNext({ path: /\/errors$/, status: 503, times: 3 });
    const value = `model:${CONTACTS}:${run.id}`;
    const first = await h.press(FAILURE_ACTIONS.erroredRecords, value, { ephemeral: false, userId: 'U0MALLORY' });
    await h.settleWithRetries();
    const second = await h.press(FAILURE_ACTIONS.erroredRecords, value, { ephemeral: false, userId: 'U0BOB' });
    await h.settle();
    // Reading is open to everyone, whatever the policy on changes says.
    expect(h.replies(first.responseUrlId).map((r) => visibleLines(r)[0])).toEqual([
      ":hourglass_flowing_sand: I couldn't get the errored records yet: Polytomic answered with an error. I'll try again in 5 s and answer here.",
      expect.stringMatching(/^:lock: Errored records of \*Salesforce Contacts → HubSpot\*, for you only/),
    ]);
    expect(h.replies(second.responseUrlId)).toEqual([
      expect.objectContaining({ responseType: 'ephemeral', replaceOriginal: false }),
    ]);
    expect(h.posted('C0DATA')).toEqual([]);
  });

  it('refuses a bulk run’s value as out of date, asking Polytomic nothing', async () => {
    await start();
    const press = await h.press(FAILURE_ACTIONS.erroredRecords, `bulk:${SF_SNOWFLAKE}:${randomUUID()}`);
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
      ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
    ]);
    expect(h.polytomic.calls).toEqual([]);
  });
});

describe('Retry failed tables', () => {
  const STARTED =
    ":arrow_forward: Started a run of *Salesforce → Snowflake* for 1 table that failed: *Opportunity*. Its result comes like any run's.";
  const startPosts = () =>
    h.polytomic.calls.filter((c) => c.method === 'POST' && c.path === `/api/bulk/syncs/${SF_SNOWFLAKE}/executions`);
  async function pressRetry(userId = 'U0ALICE') {
    const press = await h.press(FAILURE_ACTIONS.retryTables, value, { ephemeral: false, userId });
    await h.settle();
    return h.replies(press.responseUrlId);
  }
  let value: string;
  /** At 13:35 the 13:20 run, which lost access to Opportunity, is the latest: nothing has synced the table since. */
  async function setUp(options: HarnessOptions = {}) {
    await start(options);
    h.clock.advance(3 * 60 * 60_000 + 35 * 60_000);
    const [latest] = await runsOf(`/api/bulk/syncs/${SF_SNOWFLAKE}`);
    expect(latest).toMatchObject({ status: 'failed', created_at: '2026-11-23T13:20:00.000Z' });
    value = `bulk:${SF_SNOWFLAKE}:${latest!.id}`;
  }

  it('starts the failed tables only, once, audits them, and says what it did', async () => {
    await setUp();
    expect(visibleLines((await pressRetry())[0])).toEqual([STARTED]);
    expect(startPosts()).toHaveLength(1);
    expect(startPosts()[0]?.idempotencyKey).toMatch(/^retry-tables-/);
    const audit = await h.command('audit Salesforce → Snowflake');
    await h.settle();
    const [run] = h.polytomic.startedRuns();
    expect(visibleLines(h.replies(audit.responseUrlId)[0])[1]).toBe(
      `• <!date^1795440900^{date_short} {time}|2026-11-23 13:35:00 UTC> · <@U0ALICE> retried the failed tables *Opportunity* of *Salesforce → Snowflake* (bulk sync): started · run \`${run!.executionId}\``,
    );
  });

  it('tells Polytomic’s refusal in its words, and records it', async () => {
    await setUp();
    h.polytomic.failNext({
      path: `/api/bulk/syncs/${SF_SNOWFLAKE}/executions`,
      method: 'POST',
      status: 400,
      body: { message: 'schema Opportunity is not enabled' },
    });
    expect(visibleLines((await pressRetry())[0])).toEqual([
      ':warning: Polytomic refused to retry the tables of *Salesforce → Snowflake*: schema Opportunity is not enabled. Nothing was started.',
    ]);
    expect(h.polytomic.startedRuns()).toEqual([]);
    expect((await h.worker.auditStore.list({ targetId: SF_SNOWFLAKE, limit: 5 })).entries).toMatchObject([
      { action: 'start', outcome: 'refused', tables: ['Opportunity'] },
    ]);
  });

  it('retries a run once, however many press it: a double click or a second person is told who did', async () => {
    await setUp();
    const presses = await Promise.all(
      ['U0ALICE', 'U0BOB'].map((userId) => h.press(FAILURE_ACTIONS.retryTables, value, { ephemeral: false, userId })),
    );
    await h.settle();
    const answers = presses.map((p) => visibleLines(h.replies(p.responseUrlId)[0]).join('\n')).sort();
    expect(answers[0]).toBe(STARTED);
    expect(answers[1]).toMatch(
      /^:information_source: <@U0(ALICE|BOB)> already pressed Retry failed tables for this run of \*Salesforce → Snowflake\* at <!date\^\d+\^\{time\}\|[^>]+>; this press changed nothing\.$/,
    );
    expect(startPosts()).toHaveLength(1);
    expect((await h.worker.auditStore.list({ targetId: SF_SNOWFLAKE, limit: 5 })).entries).toHaveLength(1);
  });

  it('starts nothing while a run is going, says so, and lets a later press retry', async () => {
    await setUp();
    await h.press(SYNC_ACTIONS.start, `bulk:${SF_SNOWFLAKE}`, { ephemeral: false });
    await h.settle();
    expect(visibleLines((await pressRetry('U0BOB'))[0])).toEqual([
      ':hourglass: *Salesforce → Snowflake* is running now, so I started nothing. If tables still fail once it ends, press Retry again.',
    ]);
    expect(h.polytomic.startedRuns()).toHaveLength(1);
    h.clock.advance(10 * 60_000); // the run Start began has ended; Opportunity has not synced since 13:20
    expect(visibleLines((await pressRetry('U0BOB'))[0])).toEqual([STARTED]);
    expect(h.polytomic.startedRuns()).toHaveLength(2);
  });

  it('gives the run back when its press ends in an error, so a later press retries it', async () => {
    await setUp();
    h.polytomic.failNext({ path: `/api/bulk/syncs/${SF_SNOWFLAKE}/executions`, method: 'POST', status: 403 });
    expect(visibleLines((await pressRetry())[0])[0]).toMatch(/^:warning: I couldn't retry the failed tables/);
    expect(h.polytomic.startedRuns()).toEqual([]);
    expect(visibleLines((await pressRetry('U0BOB'))[0])).toEqual([STARTED]);
    expect(h.polytomic.startedRuns()).toHaveLength(1);
  });

  it('finishes the audit of a start whose job failed after Polytomic accepted it, asking Polytomic nothing more', async () => {
    await setUp();
    const record = h.worker.auditStore.record;
    h.worker.auditStore.record = async () => {
      h.worker.auditStore.record = record;
      throw new Error('audit write refused once');
    };
    const press = await h.press(FAILURE_ACTIONS.retryTables, value, { ephemeral: false });
    await h.settleWithRetries();
    expect(h.replies(press.responseUrlId).map((r) => visibleLines(r)[0])).toEqual([STARTED]);
    expect(startPosts()).toHaveLength(1);
    const [entry] = (await h.worker.auditStore.list({ targetId: SF_SNOWFLAKE, limit: 5 })).entries;
    expect(entry).toMatchObject({
      action: 'start',
      outcome: 'started',
      executionId: h.polytomic.startedRuns()[0]!.executionId,
    });
  });

  it('keeps the run once Polytomic started it, though its job then ends in an error: a later press starts nothing', async () => {
    await setUp();
    const record = h.worker.auditStore.record;
    // The audit write fails on every attempt of the job, after Polytomic accepted the start.
    h.worker.auditStore.record = async () => {
      throw new Error('audit write refused');
    };
    const press = await h.press(FAILURE_ACTIONS.retryTables, value, { ephemeral: false });
    await h.settleWithRetries();
    expect(h.replies(press.responseUrlId).at(-1)?.text).toMatch(/couldn't retry the failed tables/);
    expect(h.polytomic.startedRuns()).toHaveLength(1);
    h.worker.auditStore.record = record;
    expect(visibleLines((await pressRetry('U0BOB'))[0])[0]).toMatch(/^:information_source: <@U0ALICE> already pressed/);
    expect(h.polytomic.startedRuns()).toHaveLength(1);
  });

  it('starts nothing once a later run synced the tables', async () => {
    await setUp();
    h.clock.advance(60 * 60_000); // the 14:20 run syncs every table
    expect(visibleLines((await pressRetry())[0])).toEqual([
      ':white_check_mark: No table of that run of *Salesforce → Snowflake* is still failing (a later run synced them), so I started nothing.',
    ]);
    expect(h.polytomic.startedRuns()).toHaveLength(0);
  });

  it('is refused to someone the policy does not allow, before any Polytomic call', async () => {
    await setUp({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [], contact: '<@U0ADMIN>' } });
    const calls = h.polytomic.calls.length;
    expect(visibleLines((await pressRetry('U0MALLORY'))[0])).toEqual([
      ':no_entry: You are not allowed to start syncs through this bot. Ask <@U0ADMIN> to grant you access. Nothing was changed.',
    ]);
    expect(h.polytomic.calls.length).toBe(calls);
  });

  it('says in words what went wrong when Polytomic fails, and a retried job starts the run once', async () => {
    await setUp();
    h.polytomic.failNext({ path: `/api/bulk/syncs/${SF_SNOWFLAKE}/executions`, method: 'POST', status: 503 });
    const press = await h.press(FAILURE_ACTIONS.retryTables, value, { ephemeral: false });
    await h.settleWithRetries();
    expect(h.replies(press.responseUrlId).map((r) => visibleLines(r))).toEqual([
      [
        ":hourglass_flowing_sand: I couldn't retry the failed tables yet: Polytomic answered with an error. I'll try again in 5 s and answer here.",
      ],
      [STARTED],
    ]);
    expect(new Set(startPosts().map((c) => c.idempotencyKey)).size).toBe(1);
    expect(h.polytomic.startedRuns()).toHaveLength(1);
  });
});

describe('the sync card of a failing sync', () => {
  it('keeps its counts, errors and run strip, and offers the last run’s buttons; Show log answers the presser there', async () => {
    await start();
    h.clock.advance(3 * 60 * 60_000 + 35 * 60_000); // the 13:20 run of Salesforce → Snowflake lost Opportunity
    const ack = await h.command('status Salesforce → Snowflake');
    await h.settle();
    const [card] = h.replies(ack.responseUrlId);
    const lines = visibleLines(card);
    expect(
      lines.slice(
        lines.findIndex((l) => l.startsWith('*Last run*')),
        -1,
      ),
    ).toEqual([
      '*Last run* :red_circle: failed <!date^1795440660^{date_short_pretty} at {time}|2026-11-23 13:31:00 UTC> (took 10m 58s)',
      '20,788 records',
      '*Errors*',
      '> 1 of 5 schemas failed',
      '> Opportunity: Salesforce API error: INSUFFICIENTˍACCESS: the integration user cannot read Opportunity',
      `Recent runs, newest first: :red_circle: 10m 58s · ${':large_green_circle: 10m 58s · '.repeat(5)}:red_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s · :large_green_circle: 10m 58s`,
      '[Show log]',
      '[Retry failed tables]',
      '[Update]',
      '[Start sync]',
      '[Pause]',
      '[Open in Polytomic]',
      '[Share in channel]',
    ]);
    const showLog = buttonsOf(card).find((b) => b.actionId === FAILURE_ACTIONS.showLog)!;
    const press = await h.press(FAILURE_ACTIONS.showLog, showLog.value);
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId)[0]).slice(-3)).toEqual([
      '13:31:00 INFO User: completed, 5220 records',
      '13:31:00 ERROR Execution failed: 1 of 5 schemas failed',
      '```',
    ]);
    expect(h.posted('C0DATA')).toEqual([]);
  });
});
