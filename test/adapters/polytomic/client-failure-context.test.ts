import { describe, expect, it } from 'vitest';
import { createPolytomicClient } from '../../../src/lib/adapters/polytomic/client.js';
import type { PolytomicError } from '../../../src/lib/app/ports/polytomic.js';
import { runState } from '../../../src/lib/core/sync-state.js';
import { createPolytomicSimulator, SIMULATOR_IDS } from '../../../src/local/polytomic-simulator.js';

const KEY = 'pk_client_test';
/** 2026-01-14 10:14 UTC, the simulator's start: its seeded outages are timed from it. */
const START = Date.parse('2026-01-14T10:14:00Z');
const ACCOUNT_HEALTH = { id: SIMULATOR_IDS.syncs.accountHealthToSalesforce, kind: 'model' as const };
const CONTACTS = { id: SIMULATOR_IDS.syncs.salesforceContactsToHubspot, kind: 'model' as const };
const SALESFORCE_BULK = { id: SIMULATOR_IDS.bulkSyncs.salesforceToSnowflake, kind: 'bulk' as const };

function setup() {
  let t = START;
  const sim = createPolytomicSimulator({ apiKey: KEY, now: () => t });
  const sleeps: number[] = [];
  const client = createPolytomicClient({
    baseUrl: 'https://polytomic.test',
    apiKey: KEY,
    fetch: sim.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const advance = (ms: number): void => {
    t += ms;
  };
  return { sim, client, sleeps, advance };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as PolytomicError,
  );

const durationMs = (run: { startedAt?: string; completedAt?: string }) =>
  Date.parse(run.completedAt ?? '') - Date.parse(run.startedAt ?? '');

describe('Polytomic client: what a failure needs', () => {
  it('lists the last 10 runs of a model sync newest first, across pages, each with its state and duration', async () => {
    const { sim, client } = setup();
    const runs = await client.listExecutions(ACCOUNT_HEALTH, 10);
    expect(runs).toHaveLength(10);
    expect(sim.calls.map((c) => c.path.split('?')[0])).toEqual([
      `/api/syncs/${ACCOUNT_HEALTH.id}/executions`,
      `/api/syncs/${ACCOUNT_HEALTH.id}/executions`,
    ]);
    expect(runs.map((r) => runState(r).kind)).toEqual([
      'completed',
      'completed',
      'failed',
      'failed',
      'completed',
      'completed',
      'completed',
      'completed',
      'failed',
      'failed',
    ]);
    expect(new Set(runs.map(durationMs))).toEqual(new Set([118_000])); // 2 minutes, less 2 s queued
    expect(runs[2]).toMatchObject({
      startedAt: '2026-01-14T07:40:02.000Z',
      errors: [expect.stringMatching(/^Salesforce API error: UNABLE_TO_LOCK_ROW/)],
    });
  });

  it('lists a bulk sync’s runs in one request with a limit, with the tables that failed', async () => {
    const { sim, client } = setup();
    const runs = await client.listExecutions(SALESFORCE_BULK, 3);
    expect(sim.calls.map((c) => c.path)).toEqual([`/api/bulk/syncs/${SALESFORCE_BULK.id}/executions?limit=3`]);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'failed']);
    expect(runs[2]?.schemas?.filter((s) => s.status === 'failed')).toEqual([
      {
        schema: 'Opportunity',
        status: 'failed',
        statusMessage: expect.stringMatching(/INSUFFICIENT_ACCESS/),
        records: 0,
        errored: 0,
        warnings: 0,
      },
    ]);
    expect(await client.listExecutions(SALESFORCE_BULK, 0)).toEqual([]);
  });

  it('reads a failed bulk execution with its per-schema breakdown and errors', async () => {
    const { client } = setup();
    const [, , failed] = await client.listExecutions(SALESFORCE_BULK, 3);
    const run = await client.getExecution(SALESFORCE_BULK, failed!.id!);
    expect(run).toMatchObject({ status: 'failed', statusMessage: '1 of 5 schemas failed' });
    expect(run.errors).toEqual(['1 of 5 schemas failed', expect.stringMatching(/^Opportunity: Salesforce API error/)]);
    expect(run.schemas?.map((s) => `${s.schema} ${s.status}`)).toEqual([
      'Account completed',
      'Contact completed',
      'Lead completed',
      'Opportunity failed',
      'User completed',
    ]);
  });

  it('reads the model execution counts an alert shows', async () => {
    const { client } = setup();
    const runs = await client.listExecutions(CONTACTS, 10);
    const rejected = runs.find((r) => (r.counts.errored ?? 0) > 0)!;
    expect(await client.getExecution(CONTACTS, rejected.id!)).toEqual(rejected);
    const { total = 0, inserted = 0, updated = 0, deleted = 0, errored = 0 } = rejected.counts;
    expect(inserted + updated + deleted + errored).toBe(total);
    expect(rejected.counts).toMatchObject({ upserted: 0, warnings: 0 });
  });

  it('reads the tail of a console log, at most 50 entries, model or bulk', async () => {
    const { sim, client } = setup();
    const backfill = { id: SIMULATOR_IDS.syncs.ordersToSnowflakeBackfill, kind: 'model' as const };
    const [last] = await client.listExecutions(backfill, 1);
    const log = await client.getConsoleLog(backfill, last!.id!);
    expect(log).toHaveLength(50);
    expect(log.at(-1)).toEqual({
      at: last!.completedAt,
      level: 'info',
      message: expect.stringMatching(/^Completed: \d+ inserted/),
    });
    expect(sim.calls.at(-1)?.path).toBe(`/api/syncs/${backfill.id}/executions/${last!.id}/consolelog?limit=50`);
    const [, , failed] = await client.listExecutions(SALESFORCE_BULK, 3);
    const bulkLog = await client.getConsoleLog(SALESFORCE_BULK, failed!.id!);
    expect(bulkLog.at(-1)).toMatchObject({ level: 'error', message: 'Execution failed: 1 of 5 schemas failed' });
  });

  it('hands out the errored records as signed links that download without the API key', async () => {
    const { sim, client } = setup();
    const runs = await client.listExecutions(CONTACTS, 10);
    const rejected = runs.find((r) => (r.counts.errored ?? 0) > 0)!;
    const links = await client.getErroredRecords(CONTACTS.id, rejected.id!);
    expect(links).toEqual({ urls: [expect.any(String)], expiresAt: '2026-01-14T11:14:00.000Z' });
    const download = await sim.fetch(links.urls[0]!);
    expect(await download.json()).toHaveLength(rejected.counts.errored!);
    const clean = runs.find((r) => r.status === 'completed' && r.counts.errored === 0)!;
    expect((await client.getErroredRecords(CONTACTS.id, clean.id!)).urls).toEqual([]);
  });

  it('pauses and resumes a sync with an Idempotency-Key, and a paused sync runs no more', async () => {
    const { sim, client, advance } = setup();
    const orders = { id: SIMULATOR_IDS.syncs.ordersToSnowflake, kind: 'model' as const };
    expect(await client.setSyncActive(orders, false, 'pause-orders-0001')).toBe(false);
    expect((await client.getSync(orders)).active).toBe(false);
    advance(3 * 3_600_000);
    expect((await client.getSyncStatus(orders)).last?.createdAt).toBe('2026-01-14T10:00:00.000Z');
    expect(await client.setSyncActive(SALESFORCE_BULK, false, 'pause-bulk-0001')).toBe(false);
    expect(await client.setSyncActive(orders, true, 'resume-orders-0001')).toBe(true);
    const posts = sim.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => [c.path, c.idempotencyKey])).toEqual([
      [`/api/syncs/${orders.id}/activate`, 'pause-orders-0001'],
      [`/api/bulk/syncs/${SALESFORCE_BULK.id}/activate`, 'pause-bulk-0001'],
      [`/api/syncs/${orders.id}/activate`, 'resume-orders-0001'],
    ]);
  });

  it('retries only the failed tables of a bulk sync, and is refused with 409 while a run is going', async () => {
    const { sim, client } = setup();
    const started = await client.startBulkSchemas(SALESFORCE_BULK.id, ['Opportunity'], 'retry-tables-0001');
    expect(started).toEqual({ executionId: expect.any(String), status: 'created' });
    expect((await client.getExecution(SALESFORCE_BULK, started.executionId!)).schemas).toEqual([
      expect.objectContaining({ schema: 'Opportunity' }),
    ]);
    const refused = await failure(client.startBulkSchemas(SALESFORCE_BULK.id, ['Opportunity'], 'retry-tables-0002'));
    expect(refused).toMatchObject({ code: 'polytomic_conflict', httpStatus: 409 });
    expect(sim.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });
});

describe('Polytomic client: failures of the failure calls', () => {
  it('maps an unknown execution to polytomic_not_found, for the log and the errored records', async () => {
    const { client } = setup();
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await failure(client.getConsoleLog(ACCOUNT_HEALTH, missing))).code).toBe('polytomic_not_found');
    expect((await failure(client.getErroredRecords(CONTACTS.id, missing))).code).toBe('polytomic_not_found');
    expect((await failure(client.listExecutions({ id: missing, kind: 'bulk' }, 10))).code).toBe('polytomic_not_found');
  });

  it('retries a rate-limited listing, and never a rate-limited pause', async () => {
    const { sim, client, sleeps } = setup();
    sim.failNext({ path: `/api/syncs/${ACCOUNT_HEALTH.id}/executions`, status: 429, retryAfterSeconds: 1 });
    expect(await client.listExecutions(ACCOUNT_HEALTH, 5)).toHaveLength(5);
    expect(sleeps).toEqual([1000]);
    sim.failNext({ path: `/api/syncs/${ACCOUNT_HEALTH.id}/activate`, status: 429, times: 3 });
    const error = await failure(client.setSyncActive(ACCOUNT_HEALTH, false, 'pause-account-0001'));
    expect(error).toMatchObject({ code: 'polytomic_rate_limited', transient: true });
    expect(sim.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it.each([
    { what: 'a truncated body', fault: { malformed: true } },
    { what: 'entries that are not a list', fault: { body: { data: { entries: 'none' } } } },
  ])('maps $what from consolelog to polytomic_bad_response', async ({ fault }) => {
    const { sim, client } = setup();
    sim.failNext({ path: /\/consolelog$/, status: 200, ...fault });
    expect((await failure(client.getConsoleLog(ACCOUNT_HEALTH, 'e1'))).code).toBe('polytomic_bad_response');
  });

  it('maps a run list that is not a list, and links that are not strings, to polytomic_bad_response', async () => {
    const { sim, client } = setup();
    sim.failNext({ path: /\/executions$/, status: 200, body: { data: { id: 'e1' } } });
    expect((await failure(client.listExecutions(SALESFORCE_BULK, 3))).code).toBe('polytomic_bad_response');
    sim.failNext({ path: /\/errors$/, status: 200, body: { data: { urls: [42] } } });
    expect((await failure(client.getErroredRecords(CONTACTS.id, 'e1'))).code).toBe('polytomic_bad_response');
  });

  it('accepts unknown fields and values in an execution list and a console log', async () => {
    const { sim, client } = setup();
    sim.failNext({
      path: /\/executions$/,
      status: 200,
      body: { data: [{ id: 'e1', status: 'teleported', schemas: [{ schema: 'x', status: 'novel', extra: 1 }] }] },
    });
    expect(await client.listExecutions(SALESFORCE_BULK, 3)).toMatchObject([
      { id: 'e1', status: 'teleported', schemas: [{ schema: 'x', status: 'novel' }] },
    ]);
    sim.failNext({
      path: /\/consolelog$/,
      status: 200,
      body: { data: { entries: [{ message: 'hello', level: 'trace', payload: { a: 1 } }, { id: 'no message' }] } },
    });
    expect(await client.getConsoleLog(ACCOUNT_HEALTH, 'e1')).toEqual([{ message: 'hello', level: 'trace' }]);
  });
});
