import { describe, expect, it } from 'vitest';
import type { PolytomicClientOptions } from '../../../src/lib/adapters/polytomic/client.js';
import { createPolytomicClient } from '../../../src/lib/adapters/polytomic/client.js';
import { PolytomicError } from '../../../src/lib/app/ports/polytomic.js';
import { createPolytomicSimulator, SIMULATOR_IDS } from '../../../src/local/polytomic-simulator.js';

const KEY = 'pk_client_test';
const ORDERS = { id: SIMULATOR_IDS.syncs.ordersToSnowflake, kind: 'model' as const };
const STATUS_PATH = `/api/syncs/${ORDERS.id}/status`;

function setup(options: Partial<PolytomicClientOptions> = {}, now?: () => number) {
  const sim = createPolytomicSimulator({ apiKey: KEY, now });
  const sleeps: number[] = [];
  const client = createPolytomicClient({
    baseUrl: 'https://polytomic.test/',
    apiKey: KEY,
    fetch: sim.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { sim, client, sleeps };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('should have failed'),
    (error: unknown) => error as PolytomicError,
  );

describe('Polytomic client', () => {
  it('lists every model sync across pages and every bulk sync, with the pinned API version', async () => {
    const { sim, client } = setup({ pageSize: 2 });
    const syncs = await client.listSyncs();
    expect(
      syncs
        .filter((s) => s.kind === 'model')
        .map((s) => s.id)
        .sort(),
    ).toEqual(sim.syncs.map((s) => s.id).sort());
    expect(syncs.filter((s) => s.kind === 'bulk')).toHaveLength(sim.bulkSyncs.length);
    const pages = sim.calls.filter((c) => c.path.startsWith('/api/syncs?'));
    expect(pages).toHaveLength(Math.ceil(sim.syncs.length / 2));
    expect(sim.calls.every((c) => c.version === '2025-09-18')).toBe(true);
  });

  it('reads each schedule with its cron fields, a custom one included, leaving empty fields out', async () => {
    const { client } = setup();
    const syncs = await client.listSyncs();
    expect(syncs.find((s) => s.id === SIMULATOR_IDS.bulkSyncs.hubspotToBigquery)?.schedule).toEqual({
      frequency: 'custom',
      minute: '10',
      hour: '0,6,12,18',
    });
    expect(syncs.find((s) => s.id === ORDERS.id)?.schedule).toMatchObject({
      frequency: 'hourly',
      minute: expect.stringMatching(/^\d+$/),
    });
  });

  it('reads one execution as it stands now, model or bulk', async () => {
    // Half past: Orders to Snowflake runs from :00 to :06, so a start is accepted, whenever the test runs.
    const { sim, client } = setup({}, () => Date.parse('2026-11-23T10:30:00Z'));
    const { executionId } = await client.startSync(ORDERS, 'client-test-start-0001');
    expect(await client.getExecution(ORDERS, executionId!)).toMatchObject({
      id: executionId,
      status: expect.stringMatching(/^(created|queued)$/),
      errors: [],
    });
    const bulk = { id: sim.ids.bulkSyncs.postgresToSnowflake, kind: 'bulk' as const };
    const { last } = await client.getSyncStatus(bulk);
    expect(await client.getExecution(bulk, last!.id!)).toEqual(last);
  });

  it('reads a model sync status into runs with counts', async () => {
    const { client } = setup();
    const status = await client.getSyncStatus(ORDERS);
    expect(status.last).toMatchObject({
      status: 'completed',
      counts: expect.objectContaining({ total: expect.any(Number) }),
    });
    expect(status.nextRunAt).toEqual(expect.any(String));
  });

  it('reads a bulk sync status, failed schemas included in the errors', async () => {
    const { client } = setup();
    const status = await client.getSyncStatus({ id: SIMULATOR_IDS.bulkSyncs.stagingPostgresToBigquery, kind: 'bulk' });
    expect(status.last?.status).toBe('failed');
    expect(status.last?.errors.join(' ')).toContain('password authentication failed');
  });

  it('accepts unknown fields and unknown status values', async () => {
    const { sim, client } = setup();
    sim.failNext({
      path: STATUS_PATH,
      status: 200,
      body: {
        data: { last_execution: { status: 'teleported', counts: { total: 3 }, novel: { x: 1 } }, brand_new: true },
      },
    });
    expect((await client.getSyncStatus(ORDERS)).last).toMatchObject({ status: 'teleported', counts: { total: 3 } });
  });

  it('sends an Idempotency-Key on POSTs and never retries them', async () => {
    const { sim, client } = setup();
    sim.failNext({ method: 'POST', status: 500, times: 5 });
    const error = await failure(client.refreshSchemas(SIMULATOR_IDS.connections.snowflake, 'job-abc-123'));
    expect(error.code).toBe('polytomic_unavailable');
    const posts = sim.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.idempotencyKey).toBe('job-abc-123');
  });

  it('retries a GET twice on 5xx with growing backoff, then gives up', async () => {
    const { sim, client, sleeps } = setup();
    sim.failNext({ path: STATUS_PATH, status: 502, times: 5 });
    expect((await failure(client.getSyncStatus(ORDERS))).code).toBe('polytomic_unavailable');
    expect(sim.calls.filter((c) => c.path === STATUS_PATH)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]! / 2);
  });

  it("honours a 429's Retry-After and succeeds on the retry", async () => {
    const { sim, client, sleeps } = setup();
    sim.failNext({ path: STATUS_PATH, status: 429, retryAfterSeconds: 2 });
    await client.getSyncStatus(ORDERS);
    expect(sleeps).toEqual([2000]);
  });

  it.each([
    { status: 401, code: 'polytomic_unauthorized' },
    { status: 403, code: 'polytomic_forbidden' },
    { status: 404, code: 'polytomic_not_found' },
    { status: 400, code: 'polytomic_bad_request' },
  ])('maps $status to $code without retrying, keeping Polytomic’s message', async ({ status, code }) => {
    const { sim, client } = setup();
    sim.failNext({ path: STATUS_PATH, status, body: { status, message: 'explained by Polytomic' } });
    const error = await failure(client.getSyncStatus(ORDERS));
    expect(error).toBeInstanceOf(PolytomicError);
    expect(error).toMatchObject({ code, httpStatus: status, detail: 'explained by Polytomic', transient: false });
    expect(sim.calls.filter((c) => c.path === STATUS_PATH)).toHaveLength(1);
  });

  it('maps a malformed body to polytomic_bad_response', async () => {
    const { sim, client } = setup();
    sim.failNext({ path: STATUS_PATH, status: 200, malformed: true });
    expect((await failure(client.getSyncStatus(ORDERS))).code).toBe('polytomic_bad_response');
  });

  it('gives each attempt a deadline and reports a timeout', async () => {
    const { sim, client } = setup({ timeoutMs: 50, retries: 0 });
    sim.failNext({ path: STATUS_PATH, status: 200, hang: true });
    expect((await failure(client.getSyncStatus(ORDERS))).code).toBe('polytomic_timeout');
  });

  it('reports an unreachable Polytomic', async () => {
    const client = createPolytomicClient({ baseUrl: 'http://127.0.0.1:9', apiKey: KEY, retries: 0 });
    expect((await failure(client.listConnections())).code).toBe('polytomic_unreachable');
  });

  it('refreshes schemas (202, no body) and reads the schema status', async () => {
    const { client } = setup();
    await client.refreshSchemas(SIMULATOR_IDS.connections.snowflake, 'refresh-key-1');
    expect(await client.getSchemaStatus(SIMULATOR_IDS.connections.snowflake)).toMatchObject({
      cacheStatus: 'refreshing',
    });
  });

  it('reads connections with their health', async () => {
    const { client } = setup();
    const staging = await client.getConnection(SIMULATOR_IDS.connections.stagingPostgres);
    expect(staging.status).not.toBe('healthy');
    expect(staging.statusError).toContain('password authentication failed');
    expect((await client.listConnections()).length).toBeGreaterThan(3);
  });
});
