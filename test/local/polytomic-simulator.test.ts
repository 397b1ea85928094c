import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createPolytomicSimulator, type SimulatorOptions } from '../../src/local/polytomic-simulator.js';

const AUTH = { Authorization: 'Bearer sim-key' };
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** 2026-01-14 10:14:00 UTC: between runs of most hourly syncs. */
const START = Date.UTC(2026, 0, 14, 10, 14, 0);

function setup(options: SimulatorOptions = {}) {
  let t = START;
  const sim = createPolytomicSimulator({ now: () => t, ...options });
  const advance = (ms: number): void => {
    t += ms;
  };
  const setTime = (ms: number): void => {
    t = ms;
  };
  const get = async (path: string): Promise<{ status: number; body: any; res: Response }> => {
    const res = await sim.app.request(path, { headers: AUTH });
    return { status: res.status, body: await res.json(), res };
  };
  const post = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await sim.app.request(path, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any, res };
  };
  return { sim, advance, setTime, get, post };
}

describe('auth and versioning', () => {
  it('refuses a request without an Authorization header', async () => {
    const { sim } = setup();
    const res = await sim.app.request('/api/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, message: expect.any(String) });
  });

  it('refuses a wrong key and accepts the configured one', async () => {
    const { sim } = setup({ apiKey: 'k-123' });
    const wrong = await sim.app.request('/api/me', { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await sim.app.request('/api/me', { headers: { Authorization: 'Bearer k-123' } });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { data: unknown }).data).toMatchObject({
      organization_name: 'Northwind Analytics',
      is_user: true,
    });
  });

  it('echoes the requested X-Polytomic-Version, or answers with 2025-09-18', async () => {
    const { sim } = setup();
    const plain = await sim.app.request('/api/me', { headers: AUTH });
    expect(plain.headers.get('X-Polytomic-Version')).toBe('2025-09-18');
    const pinned = await sim.app.request('/api/me', { headers: { ...AUTH, 'X-Polytomic-Version': '2024-02-08' } });
    expect(pinned.headers.get('X-Polytomic-Version')).toBe('2024-02-08');
  });
});

describe('model syncs', () => {
  it('visits every sync exactly once when paging with limit=2', async () => {
    const { sim, get } = setup();
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = token ? `?limit=2&page_token=${encodeURIComponent(token)}` : '?limit=2';
      const { status, body } = await get(`/api/syncs${query}`);
      expect(status).toBe(200);
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((s: { id: string }) => s.id));
      token = body.pagination?.next_page_token;
      pages += 1;
    } while (token && pages < 20);
    expect(seen).toHaveLength(sim.syncs.length);
    expect(new Set(seen)).toEqual(new Set(sim.syncs.map((s) => s.id)));
    expect(pages).toBe(Math.ceil(sim.syncs.length / 2));
  });

  it('lists syncs newest-updated first in the light shape, without a token when all fit', async () => {
    const { get } = setup();
    const { body } = await get('/api/syncs');
    const times = body.data.map((s: { updated_at: string }) => Date.parse(s.updated_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(body.pagination?.next_page_token).toBeUndefined();
    expect(body.data[0]).not.toHaveProperty('fields');
    expect(body.data[0]).toHaveProperty('target_connection_id');
  });

  it('seeds two syncs whose names share a prefix', () => {
    const { sim } = setup();
    const names = sim.syncs.map((s) => s.name);
    expect(names).toContain('Orders to Snowflake');
    expect(names).toContain('Orders to Snowflake (backfill)');
  });

  it('answers 404 for unknown and non-UUID ids', async () => {
    const { get } = setup();
    const unknown = await get('/api/syncs/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, message: expect.any(String) });
    expect((await get('/api/syncs/not-a-uuid/status')).status).toBe(404);
    expect((await get('/api/connections/nope')).status).toBe(404);
  });

  it('moves a scheduled sync from idle to running to completed as the clock advances', async () => {
    const { sim, get, advance } = setup();
    const id = sim.ids.syncs.salesforceContactsToHubspot; // hourly at :15 for 4 minutes
    const before = await get(`/api/syncs/${id}/status`);
    expect(before.body.data.current_execution).toBeUndefined();
    expect(before.body.data.next_execution_time).toBe('2026-01-14T10:15:00.000Z');

    advance(2 * MINUTE); // 10:16
    const during = await get(`/api/syncs/${id}/status`);
    const current = during.body.data.current_execution;
    expect(current).toMatchObject({ status: 'running', type: 'scheduled', created_at: '2026-01-14T10:15:00.000Z' });
    expect(during.body.data.last_execution.status).toBe('completed');

    advance(5 * MINUTE); // 10:21
    const after = await get(`/api/syncs/${id}/status`);
    expect(after.body.data.current_execution).toBeUndefined();
    expect(after.body.data.last_execution).toMatchObject({
      id: current.id,
      status: 'completed',
      completed_at: '2026-01-14T10:19:00.000Z',
    });
    expect(after.body.data.next_execution_time).toBe('2026-01-14T11:15:00.000Z');
  });

  it('reports the failing sync as failed with an error message', async () => {
    const { sim, get } = setup();
    const { body } = await get(`/api/syncs/${sim.ids.syncs.churnScoresToSalesforce}/status`);
    expect(body.data.last_execution.status).toBe('failed');
    expect(body.data.last_execution.errors[0]).toMatch(/Salesforce API error/);
  });

  it('gives paused and manual syncs no next run', async () => {
    const { sim, get } = setup();
    const paused = await get(`/api/syncs/${sim.ids.syncs.leadScoresToSalesforce}/status`);
    expect(paused.body.data.next_execution_time).toBeUndefined();
    expect(paused.body.data.last_execution.status).toBe('completed');
    const manual = await get(`/api/syncs/${sim.ids.syncs.webinarAttendeesToHubspot}/status`);
    expect(manual.body.data.next_execution_time).toBeUndefined();
    expect(manual.body.data.last_execution.type).toBe('manual');
  });

  it('starts a run, refuses a second start with 409, then finishes it', async () => {
    const { sim, get, post, advance } = setup();
    const id = sim.ids.syncs.ordersToSnowflake;
    const started = await post(`/api/syncs/${id}/executions`, {});
    expect(started.status).toBe(200);
    expect(started.body.data).toEqual({
      id: expect.any(String),
      status: 'queued',
      created_at: new Date(START).toISOString(),
    });

    const again = await post(`/api/syncs/${id}/executions`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409 });

    advance(10 * SECOND);
    const running = await get(`/api/syncs/${id}/status`);
    expect(running.body.data.current_execution).toMatchObject({
      id: started.body.data.id,
      status: 'running',
      type: 'manual',
    });

    advance(5 * MINUTE);
    const done = await get(`/api/syncs/${id}/status`);
    expect(done.body.data.current_execution).toBeUndefined();
    expect(done.body.data.last_execution).toMatchObject({ id: started.body.data.id, status: 'completed' });
    expect(done.body.data.last_execution.counts.total).toBeGreaterThan(0);
  });

  it('skips a scheduled slot that falls during a manual run', async () => {
    const { sim, get, post, setTime } = setup();
    const id = sim.ids.syncs.ordersToSnowflake; // hourly at :00
    setTime(Date.UTC(2026, 0, 14, 10, 58, 30));
    const started = await post(`/api/syncs/${id}/executions`);
    setTime(Date.UTC(2026, 0, 14, 11, 0, 30));
    expect((await get(`/api/syncs/${id}/status`)).body.data.current_execution.id).toBe(started.body.data.id);
    setTime(Date.UTC(2026, 0, 14, 11, 5, 0));
    const after = await get(`/api/syncs/${id}/status`);
    expect(after.body.data.current_execution).toBeUndefined();
    expect(after.body.data.last_execution.id).toBe(started.body.data.id);
  });

  it('refuses to start the always-busy continuous sync while it runs', async () => {
    const { sim, post, setTime } = setup();
    setTime(Date.UTC(2026, 0, 14, 10, 12, 0)); // a 5-minute cycle started at 10:10
    const res = await post(`/api/syncs/${sim.ids.syncs.productUsageToHubspot}/executions`);
    expect(res.status).toBe(409);
  });

  it('refuses to start a paused sync', async () => {
    const { sim, post } = setup();
    const res = await post(`/api/syncs/${sim.ids.syncs.leadScoresToSalesforce}/executions`);
    expect(res.status).toBe(400);
  });

  it('cancels a running execution through canceling to canceled', async () => {
    const { sim, get, post, advance } = setup();
    const id = sim.ids.syncs.ordersToSnowflake;
    const started = await post(`/api/syncs/${id}/executions`);
    advance(20 * SECOND);
    const cancel = await post(`/api/syncs/${id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.message).toEqual(expect.any(String));
    expect((await get(`/api/syncs/${id}/status`)).body.data.current_execution.status).toBe('canceling');
    advance(5 * SECOND);
    const after = await get(`/api/syncs/${id}/status`);
    expect(after.body.data.current_execution).toBeUndefined();
    expect(after.body.data.last_execution).toMatchObject({ id: started.body.data.id, status: 'canceled' });
    expect((await post(`/api/syncs/${id}/cancel`)).status).toBe(409);
  });

  it('reads one execution by id as it stands now, scheduled or started by hand, and 404s an unknown one', async () => {
    const { sim, get, post, advance } = setup();
    const id = sim.ids.syncs.ordersToSnowflake;
    const scheduled = (await get(`/api/syncs/${id}/status`)).body.data.last_execution;
    expect((await get(`/api/syncs/${id}/executions/${scheduled.id}`)).body.data).toEqual(scheduled);
    const started = (await post(`/api/syncs/${id}/executions`)).body.data;
    advance(20 * SECOND);
    expect((await get(`/api/syncs/${id}/executions/${started.id}`)).body.data).toMatchObject({
      id: started.id,
      status: 'running',
    });
    await post(`/api/syncs/${id}/cancel`);
    advance(5 * SECOND);
    expect((await get(`/api/syncs/${id}/executions/${started.id}`)).body.data).toMatchObject({
      id: started.id,
      status: 'canceled',
    });
    expect((await get(`/api/syncs/${id}/executions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe('bulk syncs', () => {
  it('lists bulk syncs without pagination and reports per-schema progress', async () => {
    const { sim, get } = setup();
    const list = await get('/api/bulk/syncs');
    expect(list.body.data).toHaveLength(sim.bulkSyncs.length);
    expect(list.body.pagination).toBeUndefined();
    const { body } = await get(`/api/bulk/syncs/${sim.ids.bulkSyncs.postgresToSnowflake}/status`);
    const last = body.data.last_execution;
    expect(last).toMatchObject({ status: 'completed', error_count: 0, warning_count: 0, status_message: '' });
    expect(last.record_count).toBe(
      last.schemas.reduce((n: number, s: { record_count: number }) => n + s.record_count, 0),
    );
  });

  it('starts a bulk run, 409s while it runs, and rejects the legacy resync flag', async () => {
    const { sim, post } = setup();
    const id = sim.ids.bulkSyncs.salesforceToSnowflake; // hourly at :20, idle at 10:14
    expect((await post(`/api/bulk/syncs/${id}/executions`, { resync: true })).status).toBe(400);
    const started = await post(`/api/bulk/syncs/${id}/executions`, { schemas: ['Account'] });
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({ status: 'created', is_partial: true, schemas: [{ schema: 'Account' }] });
    expect((await post(`/api/bulk/syncs/${id}/executions`)).status).toBe(409);
  });

  it('reads one bulk execution by id', async () => {
    const { sim, get, post } = setup();
    const id = sim.ids.bulkSyncs.salesforceToSnowflake;
    const started = (await post(`/api/bulk/syncs/${id}/executions`)).body.data;
    expect((await get(`/api/bulk/syncs/${id}/executions/${started.id}`)).body.data).toMatchObject({
      id: started.id,
      status: 'created',
    });
  });

  it('reports the failing bulk sync with its status message', async () => {
    const { sim, get } = setup();
    const { body } = await get(`/api/bulk/syncs/${sim.ids.bulkSyncs.stagingPostgresToBigquery}/status`);
    expect(body.data.last_execution.status).toBe('failed');
    expect(body.data.last_execution.status_message).toMatch(/password authentication failed/);
  });
});

describe('idempotency', () => {
  it('replays the first outcome for a repeated Idempotency-Key', async () => {
    const { sim, post } = setup();
    const id = sim.ids.syncs.ordersToSnowflake;
    const headers = { 'Idempotency-Key': 'slack-action-1700000000-123' };
    const first = await post(`/api/syncs/${id}/executions`, {}, headers);
    const second = await post(`/api/syncs/${id}/executions`, {}, headers);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.res.headers.get('Idempotent-Replayed')).toBe('true');
    // A fresh key reaches the handler, which sees the run from the first call.
    expect((await post(`/api/syncs/${id}/executions`, {}, { 'Idempotency-Key': 'another-key-0001' })).status).toBe(409);
    const keys = sim.calls.map((c) => c.idempotencyKey);
    expect(keys).toEqual([headers['Idempotency-Key'], headers['Idempotency-Key'], 'another-key-0001']);
  });

  it('rejects a malformed Idempotency-Key with 400', async () => {
    const { sim, post } = setup();
    const res = await post(
      `/api/syncs/${sim.ids.syncs.ordersToSnowflake}/executions`,
      {},
      { 'Idempotency-Key': 'short' },
    );
    expect(res.status).toBe(400);
  });
});

describe('schema refresh', () => {
  it('goes from cached to refreshing to fresh, revealing an added table', async () => {
    const { sim, get, post, advance } = setup({ refreshDurationMs: 20_000 });
    const id = sim.ids.connections.productionPostgres;
    const schemasBefore = (await get(`/api/connections/${id}/bulksync/source?include_fields=false`)).body.data.schemas;
    expect((await get(`/api/connections/${id}/schemas/status`)).body.data.cache_status).toBe('cached');

    const refresh = await post(`/api/connections/${id}/schemas/refresh`, {});
    expect(refresh.status).toBe(202);
    expect(refresh.body).toEqual({});
    expect(refresh.res.headers.get('Location')).toBe(`/api/connections/${id}/schemas/status`);

    advance(10 * SECOND);
    const during = (await get(`/api/connections/${id}/schemas/status`)).body.data;
    expect(during.cache_status).toBe('refreshing');
    expect(during.last_refresh_started).toBe(new Date(START).toISOString());

    // A second refresh while one is in flight keeps the first.
    expect((await post(`/api/connections/${id}/schemas/refresh`)).status).toBe(202);
    expect((await get(`/api/connections/${id}/schemas/status`)).body.data.last_refresh_started).toBe(
      during.last_refresh_started,
    );

    advance(10 * SECOND);
    const after = (await get(`/api/connections/${id}/schemas/status`)).body.data;
    expect(after.cache_status).toBe('fresh');
    expect(Date.parse(after.last_refresh_finished)).toBeGreaterThanOrEqual(Date.parse(after.last_refresh_started));

    const schemasAfter = (await get(`/api/connections/${id}/bulksync/source?include_fields=false`)).body.data.schemas;
    const added = schemasAfter.filter((s: { id: string }) => !schemasBefore.some((b: { id: string }) => b.id === s.id));
    expect(added).toEqual([{ id: 'public.subscriptions', name: 'public.subscriptions' }]);
  });

  it('ends a refresh early with finishRefresh and fails one with failRefresh', async () => {
    const { sim, get, post, advance } = setup();
    const id = sim.ids.connections.hubspot;
    await post(`/api/connections/${id}/schemas/refresh`);
    advance(SECOND);
    sim.finishRefresh(id);
    expect((await get(`/api/connections/${id}/schemas/status`)).body.data.cache_status).toBe('fresh');

    sim.failRefresh(id);
    advance(SECOND);
    await post(`/api/connections/${id}/schemas/refresh`);
    advance(25 * SECOND);
    expect((await get(`/api/connections/${id}/schemas/status`)).body.data.cache_status).toBe('error');
  });

  it('refuses to refresh an unhealthy connection with 400', async () => {
    const { sim, post } = setup();
    const res = await post(`/api/connections/${sim.ids.connections.stagingPostgres}/schemas/refresh`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, message: expect.stringMatching(/^connection is not healthy/) });
  });

  it('follows setConnectionHealth', async () => {
    const { sim, get, post } = setup();
    const id = sim.ids.connections.snowflake;
    sim.setConnectionHealth(id, 'unhealthy', 'JWT token is invalid');
    expect((await get(`/api/connections/${id}`)).body.data).toMatchObject({
      status: 'unhealthy',
      status_error: 'JWT token is invalid',
    });
    expect((await post(`/api/connections/${id}/schemas/refresh`)).status).toBe(400);
    sim.setConnectionHealth(id, 'healthy');
    expect((await get(`/api/connections/${id}`)).body.data).not.toHaveProperty('status_error');
    expect((await post(`/api/connections/${id}/schemas/refresh`)).status).toBe(202);
  });

  it('describes a model-sync source', async () => {
    const { sim, get } = setup();
    const { body } = await get(`/api/connections/${sim.ids.connections.snowflake}/modelsync/source`);
    expect(body.data).toEqual({ configuration: {}, items: {}, requires_one_of: ['database'] });
  });
});

describe('faults', () => {
  it('answers a queued status fault with Retry-After, then recovers', async () => {
    const { sim } = setup();
    sim.failNext({ path: '/api/syncs', method: 'GET', status: 429, retryAfterSeconds: 7 });
    const other = await sim.app.request('/api/me', { headers: AUTH });
    expect(other.status).toBe(200);
    const limited = await sim.app.request('/api/syncs', { headers: AUTH });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('7');
    expect(await limited.json()).toMatchObject({ status: 429, message: expect.any(String) });
    expect((await sim.app.request('/api/syncs', { headers: AUTH })).status).toBe(200);
  });

  it('repeats a fault `times` times and matches paths by RegExp', async () => {
    const { sim } = setup();
    sim.failNext({ path: /\/status$/, status: 503, times: 2, body: { status: 503, message: 'maintenance' } });
    const path = `/api/syncs/${sim.ids.syncs.ordersToSnowflake}/status`;
    const first = await sim.app.request(path, { headers: AUTH });
    expect(await first.json()).toEqual({ status: 503, message: 'maintenance' });
    expect((await sim.app.request(path, { headers: AUTH })).status).toBe(503);
    expect((await sim.app.request(path, { headers: AUTH })).status).toBe(200);
  });

  it('answers a malformed fault with truncated JSON', async () => {
    const { sim } = setup();
    sim.failNext({ status: 200, malformed: true });
    const res = await sim.app.request('/api/connections', { headers: AUTH });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('hangs until the caller aborts, through app.request and the injected fetch', async () => {
    const { sim } = setup();
    sim.failNext({ status: 200, hang: true, times: 2 });
    await expect(sim.app.request('/api/me', { headers: AUTH, signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await expect(
      sim.fetch('https://app.polytomic.com/api/me', { headers: AUTH, signal: AbortSignal.timeout(50) }),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(sim.calls.map((c) => c.status)).toEqual([0, 0]);
  });

  it('still ends a hung request when its signal aborts after a garbage collection', async () => {
    // Node holds a Request's signal only weakly; a collected one never aborted, and the request hung for ever.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const { sim } = setup();
    sim.failNext({ status: 200, hang: true, times: 2 });
    const collecting = setInterval(collectGarbage, 5);
    try {
      await expect(sim.app.request('/api/me', { headers: AUTH, signal: AbortSignal.timeout(50) })).rejects.toThrow();
      await expect(sim.fetch('/api/me', { headers: AUTH, signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      clearInterval(collecting);
    }
  }, 5_000);

  it('delays responses with setLatency, and the delay honours aborts', async () => {
    const { sim } = setup();
    sim.setLatency(200);
    await expect(sim.fetch('/api/me', { headers: AUTH, signal: AbortSignal.timeout(20) })).rejects.toThrow();
    sim.setLatency(0);
    expect((await sim.fetch('/api/me', { headers: AUTH })).status).toBe(200);
  });
});

describe('call log', () => {
  it('records method, path with query, status, version and clock time', async () => {
    const { sim, advance } = setup();
    await sim.fetch('/api/syncs?limit=2', { headers: { ...AUTH, 'X-Polytomic-Version': '2025-09-18' } });
    advance(SECOND);
    await sim.fetch('/api/me');
    expect(sim.calls).toEqual([
      { method: 'GET', path: '/api/syncs?limit=2', status: 200, version: '2025-09-18', at: START },
      { method: 'GET', path: '/api/me', status: 401, at: START + SECOND },
    ]);
  });
});

describe("the app's pages the bot links to", () => {
  it('serves a page for each sync, bulk sync and connection, without the API key, and 404 for an unknown id', async () => {
    const { sim } = setup();
    const { syncs, bulkSyncs, connections } = sim.ids;
    for (const [path, name] of [
      [`/syncs/${syncs.ordersToSnowflake}`, 'Orders to Snowflake'],
      [`/bulk/syncs/${bulkSyncs.postgresToSnowflake.toUpperCase()}`, 'Postgres → Snowflake (prod replica)'],
      [`/connections/${connections.snowflake}`, 'Snowflake Warehouse'],
    ]) {
      const res = await sim.app.request(path!);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain(`<h1>${name}</h1>`);
    }
    expect((await sim.app.request('/syncs/5c000000-0000-4000-8000-0000000000ff')).status).toBe(404);
  });
});
