import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPolytomicSimulator, type SimulatorEvent } from '../../src/local/polytomic-simulator.js';

const AUTH = { Authorization: 'Bearer sim-key' };
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 2026-01-14 10:14:00 UTC: between runs of most hourly syncs. */
const START = Date.UTC(2026, 0, 14, 10, 14, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

function setup() {
  let t = START;
  const sim = createPolytomicSimulator({ now: () => t });
  const advance = (ms: number): void => {
    t += ms;
  };
  const setTime = (ms: number): void => {
    t = ms;
  };
  const request = async (method: string, path: string, body?: unknown) => {
    const res = await sim.app.request(path, {
      method,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, res };
  };
  const get = (path: string) => request('GET', path);
  const post = (path: string, body?: unknown) => request('POST', path, body);
  const eventsOf = (syncId: string): SimulatorEvent[] => sim.events().filter((e) => e.event.sync_id === syncId);
  return { sim, advance, setTime, get, post, request, eventsOf };
}

interface Received {
  url: string;
  headers: Headers;
  body: string;
}

/** A webhook receiver: records every POST and answers with the next queued status (default 200). */
function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    received.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    return new Response('ok', { status: statuses.shift() ?? 200 });
  }) as typeof globalThis.fetch;
  return { fetch, received };
}

const hmac = (secret: string, body: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', secret).update(body).digest(encoding);

async function registerWebhook(post: ReturnType<typeof setup>['post'], secret = 'whsec-test') {
  const created = await post('/api/webhooks', { endpoint: 'https://bot.example.com/polytomic/events', secret });
  expect(created.status).toBe(201);
  return created.body.data as { id: string };
}

describe('events derived from executions', () => {
  it('adds sync.running at a run start and sync.completed at its end as the clock passes them', async () => {
    const { sim, setTime, get, eventsOf } = setup();
    const id = sim.ids.syncs.ordersToSnowflake; // hourly at :00 for 6 minutes, clean
    setTime(Date.UTC(2026, 0, 14, 11, 0, 1));
    expect(eventsOf(id).filter((e) => e.created_at >= '2026-01-14T11:00:00')).toEqual([]);

    setTime(Date.UTC(2026, 0, 14, 11, 0, 2)); // started_at: created + 2 s queued
    const status = (await get(`/api/syncs/${id}/status`)).body.data;
    const running = eventsOf(id).at(-1);
    expect(running).toMatchObject({
      type: 'sync.running',
      organization_id: '0a000000-0000-4000-8000-000000000001',
      created_at: status.current_execution.started_at,
      event: {
        execution_id: status.current_execution.id,
        sync_id: id,
        sync_name: 'Orders to Snowflake',
        target_connection_id: sim.ids.connections.snowflake,
      },
    });
    expect(Object.keys(running?.event ?? {}).sort()).toEqual([
      'execution_id',
      'organization_id',
      'sync_id',
      'sync_name',
      'target_connection_id',
    ]);

    setTime(Date.UTC(2026, 0, 14, 11, 6, 0));
    const last = (await get(`/api/syncs/${id}/status`)).body.data.last_execution;
    const completed = eventsOf(id).at(-1);
    expect(completed).toMatchObject({
      type: 'sync.completed',
      created_at: last.completed_at,
      event: {
        execution_id: last.id,
        status: 'completed',
        trigger: 'scheduled',
        record_count: last.counts.total,
        error_count: 0,
      },
    });
    expect(completed?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Deterministic ids: a second simulator at the same time derives the same events.
    const twin = createPolytomicSimulator({ now: () => Date.UTC(2026, 0, 14, 11, 6, 0) });
    expect(
      twin
        .events()
        .filter((e) => e.event.sync_id === id)
        .at(-1),
    ).toEqual(completed);
  });

  it('derives failed and completed_with_errors model events from the seeded behaviour', async () => {
    const { sim, get, eventsOf } = setup();
    const failed = eventsOf(sim.ids.syncs.churnScoresToSalesforce).filter((e) => e.type !== 'sync.running');
    expect(failed.length).toBeGreaterThan(40);
    expect(new Set(failed.map((e) => e.type))).toEqual(new Set(['sync.failed']));
    expect(failed.at(-1)?.event.error).toMatch(/Salesforce API error/);
    const last = (await get(`/api/syncs/${sim.ids.syncs.churnScoresToSalesforce}/status`)).body.data.last_execution;
    expect(failed.at(-1)?.event).toMatchObject({ execution_id: last.id, error: last.errors[0] });

    const rowErrors = eventsOf(sim.ids.syncs.salesforceContactsToHubspot).filter(
      (e) => e.type === 'sync.completed_with_errors',
    );
    expect(rowErrors.length).toBeGreaterThan(0);
    expect(rowErrors[0]?.event).toMatchObject({
      error: expect.stringContaining('Contact'),
      number_of_errors: expect.any(Number),
      number_of_warnings: 0,
    });
  });

  it('uses the bulk types, including the singular bulk_sync.completed_with_error', () => {
    const { sim, eventsOf } = setup();
    const types = new Set(sim.events().map((e) => e.type));
    expect(types).toContain('bulk_sync.completed_with_error');
    expect(types).not.toContain('bulk_sync.completed_with_errors');

    const ok = eventsOf(sim.ids.bulkSyncs.postgresToSnowflake);
    expect(new Set(ok.map((e) => e.type))).toEqual(new Set(['bulk_sync.running', 'bulk_sync.completed']));
    expect(ok.at(-1)?.event).toEqual({
      execution_id: expect.any(String),
      organization_id: expect.any(String),
      sync_id: sim.ids.bulkSyncs.postgresToSnowflake,
      sync_name: 'Postgres → Snowflake (prod replica)',
      source_connection_id: sim.ids.connections.productionPostgres,
      destination_connection_id: sim.ids.connections.snowflake,
      ...(ok.at(-1)?.type === 'bulk_sync.completed' ? { trigger_source: 'scheduled' } : {}),
    });

    const failing = eventsOf(sim.ids.bulkSyncs.stagingPostgresToBigquery).filter((e) => e.type === 'bulk_sync.failed');
    expect(failing.at(-1)?.event).toMatchObject({
      trigger_source: 'scheduled',
      error: expect.stringMatching(/password authentication failed/),
    });
    const warned = eventsOf(sim.ids.bulkSyncs.hubspotToBigquery).map((e) => e.type);
    expect(warned).toContain('bulk_sync.completed_with_error');
  });

  it('keeps only the last 48 hours of events', () => {
    const { sim, advance } = setup();
    const all = sim.events();
    expect(Date.parse(all[0]!.created_at)).toBeGreaterThanOrEqual(START - 48 * HOUR);
    expect(Date.parse(all[0]!.created_at)).toBeLessThan(START - 47 * HOUR);
    expect(all.every((e) => Date.parse(e.created_at) <= START)).toBe(true);

    const execution = sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'completed' });
    const mine = () =>
      sim
        .events()
        .filter((e) => e.event.execution_id === execution)
        .map((e) => e.type);
    advance(SECOND);
    expect(mine()).toEqual(['sync.running', 'sync.completed']);
    advance(48 * HOUR - SECOND);
    expect(mine()).toEqual(['sync.running', 'sync.completed']);
    advance(1);
    expect(mine()).toEqual(['sync.completed']);
    advance(SECOND);
    expect(mine()).toEqual([]);
  });
});

describe('the events option', () => {
  it("'manual' keeps the seeded schedules quiet and still reports runs started here", async () => {
    let t = START;
    const sim = createPolytomicSimulator({ now: () => t, events: 'manual' });
    expect(sim.events()).toEqual([]);
    t += 2 * HOUR;
    expect(sim.events()).toEqual([]);
    const viaControl = sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'failed' });
    const started = await sim.app.request(`/api/bulk/syncs/${sim.ids.bulkSyncs.salesforceToSnowflake}/executions`, {
      method: 'POST',
      headers: AUTH,
    });
    const viaApi = ((await started.json()) as { data: { id: string } }).data.id;
    t += 10 * MINUTE;
    expect(sim.events().map((e) => [e.type, e.event.execution_id])).toEqual([
      ['sync.running', viaControl],
      ['sync.failed', viaControl],
      ['bulk_sync.running', viaApi],
      ['bulk_sync.completed', viaApi],
    ]);
    const listed = await sim.app.request('/api/events?limit=100', { headers: AUTH });
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(4);
  });

  it("'none' lists nothing", async () => {
    const sim = createPolytomicSimulator({ now: () => START, events: 'none' });
    sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'failed' });
    expect(sim.events()).toEqual([]);
    const listed = await sim.app.request('/api/events', { headers: AUTH });
    expect(await listed.json()).toEqual({ data: [] });
  });
});

describe('GET /api/events', () => {
  it('answers the first 10 events in ascending order, without pagination', async () => {
    const { sim, get } = setup();
    const { status, body } = await get('/api/events');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['data']);
    expect(body.data).toHaveLength(10);
    expect(body.data).toEqual(sim.events().slice(0, 10));
  });

  it('pages by time window: starting_after is exclusive, limit caps each page', async () => {
    const { sim, get } = setup();
    const expected = sim.events().filter((e) => e.type === 'sync.failed');
    const seen: SimulatorEvent[] = [];
    let after = iso(START - 49 * HOUR);
    for (let pages = 0; pages < 20; pages += 1) {
      const { body } = await get(`/api/events?type=sync.failed&limit=7&starting_after=${encodeURIComponent(after)}`);
      expect(body.data.length).toBeLessThanOrEqual(7);
      seen.push(...body.data);
      if (body.data.length < 7) break;
      after = body.data.at(-1).created_at;
    }
    expect(seen).toEqual(expected);
    const times = seen.map((e) => e.created_at);
    expect(times).toEqual([...times].sort());
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);

    const exact = expected[3]!;
    const page = (
      await get(`/api/events?type=sync.failed&limit=1&starting_after=${encodeURIComponent(exact.created_at)}`)
    ).body.data;
    expect(page).toEqual([expected[4]]);
    const before = (
      await get(`/api/events?type=sync.failed&limit=100&ending_before=${encodeURIComponent(exact.created_at)}`)
    ).body.data;
    expect(before).toEqual(expected.slice(0, 3));
  });

  it('answers 422 for a limit outside 1..100 or a bad date', async () => {
    const { get } = setup();
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'starting_after=yesterday']) {
      const res = await get(`/api/events?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body).toEqual({ status: 422, message: expect.any(String) });
    }
    expect((await get('/api/events?limit=100')).body.data).toHaveLength(100);
    expect((await get('/api/events?limit=1')).body.data).toHaveLength(1);
  });

  it('lists every event type at /api/events_types', async () => {
    const { get } = setup();
    const { body } = await get('/api/events_types');
    expect(body.data).toEqual([
      'sync.running',
      'sync.completed',
      'sync.completed_with_errors',
      'sync.failed',
      'sync.canceled',
      'bulk_sync.running',
      'bulk_sync.completed',
      'bulk_sync.completed_with_error',
      'bulk_sync.failed',
      'bulk_sync.canceled',
    ]);
  });
});

describe('webhooks', () => {
  it('creates, reads, updates, disables, enables and deletes the one webhook', async () => {
    const { get, post, request } = setup();
    expect((await get('/api/webhooks')).body).toEqual({ data: [] });

    expect((await post('/api/webhooks', { endpoint: 'ftp://bot.example.com/x', secret: 's' })).status).toBe(422);
    expect((await post('/api/webhooks', { endpoint: 'not a url', secret: 's' })).status).toBe(422);
    expect((await post('/api/webhooks', { endpoint: 'https://bot.example.com/x', secret: '' })).status).toBe(422);
    expect((await post('/api/webhooks', { endpoint: 'https://bot.example.com/x' })).body).toMatchObject({
      status: 422,
    });

    const created = await post('/api/webhooks', { endpoint: 'https://bot.example.com/x', secret: 'one' });
    expect(created.status).toBe(201);
    const webhook = created.body.data;
    expect(webhook).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organization_id: '0a000000-0000-4000-8000-000000000001',
      endpoint: 'https://bot.example.com/x',
      secret: 'one',
      disabled: false,
      created_at: iso(START),
    });

    const second = await post('/api/webhooks', { endpoint: 'https://other.example.com/y', secret: 'two' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ status: 409, message: expect.any(String) });
    expect((await get('/api/webhooks')).body.data).toEqual([webhook]);
    expect((await get(`/api/webhooks/${webhook.id}`)).body.data).toEqual(webhook);

    const updated = await request('PUT', `/api/webhooks/${webhook.id}`, {
      endpoint: 'http://localhost:3000/events',
      secret: 'two',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      id: webhook.id,
      endpoint: 'http://localhost:3000/events',
      secret: 'two',
    });
    expect(
      (await request('PUT', `/api/webhooks/${webhook.id}`, { endpoint: 'mailto:x@y.z', secret: 'two' })).status,
    ).toBe(422);

    expect((await post(`/api/webhooks/${webhook.id}/disable`)).body.data.disabled).toBe(true);
    expect((await get(`/api/webhooks/${webhook.id}`)).body.data.disabled).toBe(true);
    expect((await post(`/api/webhooks/${webhook.id}/enable`)).body.data.disabled).toBe(false);

    expect((await request('DELETE', `/api/webhooks/${webhook.id}`)).status).toBe(204);
    expect((await get('/api/webhooks')).body).toEqual({ data: [] });
    expect((await get(`/api/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await post(`/api/webhooks/${webhook.id}/enable`)).status).toBe(404);

    const again = await post('/api/webhooks', { endpoint: 'https://bot.example.com/x', secret: 'three' });
    expect(again.status).toBe(201);
    expect(again.body.data.id).not.toBe(webhook.id);
  });

  it('refuses another organisation and answers 404 for unknown ids', async () => {
    const { get, post } = setup();
    const other = await post('/api/webhooks', {
      endpoint: 'https://x.example.com',
      secret: 's',
      organization_id: '0a000000-0000-4000-8000-000000000999',
    });
    expect(other.status).toBe(404);
    const own = await post('/api/webhooks', {
      endpoint: 'https://x.example.com',
      secret: 's',
      organization_id: '0a000000-0000-4000-8000-000000000001',
    });
    expect(own.status).toBe(201);
    expect((await get('/api/webhooks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('deliverEvents', () => {
  it('signs each delivery with HMAC-SHA256 of the raw body, hex by default or base64', async () => {
    const { sim, post, advance } = setup();
    const webhook = await registerWebhook(post, 'whsec-test');
    const { fetch, received } = receiver();
    const execution = sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'completed', durationMs: 30 * SECOND });

    const first = await sim.deliverEvents({ fetch });
    expect(first).toEqual([{ eventId: expect.any(String), type: 'sync.running', status: 200, attempts: 1 }]);
    expect(received).toHaveLength(1);
    const [hex] = received;
    expect(hex!.url).toBe('https://bot.example.com/polytomic/events');
    expect(hex!.headers.get('content-type')).toBe('application/json');
    expect(hex!.headers.get('polytomic-signature')).toBe(hmac('whsec-test', hex!.body, 'hex'));
    const body = JSON.parse(hex!.body);
    expect(body).toEqual(sim.events().find((e) => e.id === first[0]!.eventId));
    expect(body.event.execution_id).toBe(execution);

    expect(await sim.deliverEvents({ fetch })).toEqual([]);

    advance(30 * SECOND); // 10:14:30; the seeded continuous sync also finished a cycle at 10:14:15
    const second = await sim.deliverEvents({ fetch, encoding: 'base64' });
    expect(second.map((d) => d.type)).toEqual(['sync.completed', 'sync.completed']);
    const b64 = received.slice(1).find((r) => JSON.parse(r.body).event.execution_id === execution)!;
    expect(JSON.parse(b64.body).type).toBe('sync.completed');
    expect(b64.headers.get('Polytomic-Signature')).toBe(hmac('whsec-test', b64.body, 'base64'));
    expect(b64.headers.get('Polytomic-Signature')).not.toBe(hmac('other-secret', b64.body, 'base64'));
    expect(webhook.id).toEqual(expect.any(String));
  });

  it('delivers only events after the webhook exists and only while it is enabled', async () => {
    const { sim, post, setTime, advance } = setup();
    const { fetch, received } = receiver();
    setTime(Date.UTC(2026, 0, 14, 10, 20, 0));
    expect(await sim.deliverEvents({ fetch })).toEqual([]); // events so far had no webhook to go to
    const webhook = await registerWebhook(post);
    expect(await sim.deliverEvents({ fetch })).toEqual([]);

    advance(5 * SECOND); // 10:20:02 the continuous sync's next cycle and the hourly :20 bulk sync start
    const deliveries = await sim.deliverEvents({ fetch });
    expect(deliveries.map((d) => d.type).sort()).toEqual(['bulk_sync.running', 'sync.running']);

    await post(`/api/webhooks/${webhook.id}/disable`);
    advance(5 * MINUTE);
    expect(await sim.deliverEvents({ fetch })).toEqual([]);
    await post(`/api/webhooks/${webhook.id}/enable`);
    expect(await sim.deliverEvents({ fetch })).toEqual([]); // at most once: what passed while disabled is gone
    expect(received).toHaveLength(2);
  });

  it('retries a non-2xx answer up to 5 times, then gives up', async () => {
    const { sim, post, advance } = setup();
    await registerWebhook(post);
    const failing = receiver([500, 500, 500, 500, 500, 500, 500]);
    sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'completed' });
    expect(await sim.deliverEvents({ fetch: failing.fetch })).toEqual([
      { eventId: expect.any(String), type: 'sync.running', status: 500, attempts: 6 },
    ]);
    expect(failing.received).toHaveLength(6);
    expect(new Set(failing.received.map((r) => r.body)).size).toBe(1);

    advance(SECOND);
    const flaky = receiver([503, 429]);
    expect(await sim.deliverEvents({ fetch: flaky.fetch })).toEqual([
      { eventId: expect.any(String), type: 'sync.completed', status: 200, attempts: 3 },
    ]);

    sim.runNow(sim.ids.syncs.ordersToSnowflake, { result: 'completed' });
    const broken = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await sim.deliverEvents({ fetch: broken })).toEqual([
      { eventId: expect.any(String), type: 'sync.running', status: 0, attempts: 6 },
    ]);
  });

  it('drops, duplicates and reverses deliveries on request', async () => {
    const { sim, post, advance } = setup();
    await registerWebhook(post);
    const syncs = [
      sim.ids.syncs.ordersToSnowflake,
      sim.ids.syncs.salesforceContactsToHubspot,
      sim.ids.syncs.churnScoresToSalesforce,
    ];
    const startAll = () => {
      for (const id of syncs) {
        sim.runNow(id, { result: 'completed', durationMs: 5 * SECOND });
        advance(SECOND);
      }
    };
    startAll();
    const runningIds = sim
      .events()
      .filter((e) => e.type === 'sync.running' && Date.parse(e.created_at) >= START)
      .map((e) => e.id);
    expect(runningIds).toHaveLength(3);

    const dropping = receiver();
    sim.dropNextDeliveries(2);
    const dropped = await sim.deliverEvents({ fetch: dropping.fetch });
    expect(dropped.map((d) => [d.eventId, d.status, d.attempts])).toEqual([
      [runningIds[0], 'dropped', 0],
      [runningIds[1], 'dropped', 0],
      [runningIds[2], 200, 1],
    ]);
    expect(dropping.received.map((r) => JSON.parse(r.body).id)).toEqual([runningIds[2]]);
    expect(await sim.deliverEvents({ fetch: dropping.fetch })).toEqual([]); // never sent later

    advance(5 * SECOND); // all three end, one second apart (10:14:05 to 10:14:07), before any seeded event
    const reversing = receiver();
    sim.reverseNextDeliveryBatch();
    sim.duplicateNextDelivery();
    const reversed = await sim.deliverEvents({ fetch: reversing.fetch });
    const order = reversing.received.map((r) => JSON.parse(r.body) as SimulatorEvent);
    expect(order.map((e) => e.event.sync_id)).toEqual([syncs[2], syncs[2], syncs[1], syncs[0]]);
    expect(order[0]).toEqual(order[1]);
    expect(reversed.map((d) => d.eventId)).toEqual(order.map((e) => e.id));

    // The controls were one-shot: the next batch is oldest first and sent once each.
    startAll();
    const normal = receiver();
    await sim.deliverEvents({ fetch: normal.fetch });
    expect(normal.received.map((r) => JSON.parse(r.body).event.sync_id)).toEqual(syncs);
  });
});

describe('runNow', () => {
  it('reflects completed_with_errors in /status and in a sync.completed_with_errors event', async () => {
    const { sim, get, advance, eventsOf } = setup();
    const id = sim.ids.syncs.ordersToSnowflake;
    const execution = sim.runNow(id, {
      result: 'completed_with_errors',
      error: 'ORDER_ID 77 rejected: duplicate key',
      durationMs: 20 * SECOND,
    });
    const during = (await get(`/api/syncs/${id}/status`)).body.data.current_execution;
    expect(during).toMatchObject({
      id: execution,
      type: 'manual',
      status: 'running',
      created_at: iso(START),
      started_at: iso(START),
    });
    expect(eventsOf(id).at(-1)).toMatchObject({ type: 'sync.running', created_at: iso(START) });
    expect(() => sim.runNow(id, { result: 'completed' })).toThrow(/already running/);

    advance(20 * SECOND);
    const last = (await get(`/api/syncs/${id}/status`)).body.data.last_execution;
    expect(last).toMatchObject({
      id: execution,
      status: 'completed',
      completed_at: iso(START + 20 * SECOND),
      errors: ['ORDER_ID 77 rejected: duplicate key'],
    });
    expect(last.counts.error).toBeGreaterThan(0);
    expect(eventsOf(id).at(-1)).toMatchObject({
      type: 'sync.completed_with_errors',
      created_at: iso(START + 20 * SECOND),
      event: {
        execution_id: execution,
        error: 'ORDER_ID 77 rejected: duplicate key',
        number_of_errors: last.counts.error,
        number_of_warnings: 0,
      },
    });
  });

  it('reflects failed, canceled and completed for model syncs', async () => {
    const { sim, get, advance, eventsOf } = setup();
    const { ordersToSnowflake, openOpportunitiesToBigquery, churnScoresToSalesforce } = sim.ids.syncs;
    sim.runNow(ordersToSnowflake, { result: 'failed', error: 'Snowflake: warehouse suspended' });
    sim.runNow(openOpportunitiesToBigquery, { result: 'canceled' });
    sim.runNow(churnScoresToSalesforce, { result: 'completed' }); // a forced outcome beats the seeded failure
    advance(SECOND);

    const failed = (await get(`/api/syncs/${ordersToSnowflake}/status`)).body.data.last_execution;
    expect(failed).toMatchObject({ status: 'failed', errors: ['Snowflake: warehouse suspended'] });
    expect(eventsOf(ordersToSnowflake).at(-1)).toMatchObject({
      type: 'sync.failed',
      event: { error: 'Snowflake: warehouse suspended' },
    });

    expect((await get(`/api/syncs/${openOpportunitiesToBigquery}/status`)).body.data.last_execution.status).toBe(
      'canceled',
    );
    expect(eventsOf(openOpportunitiesToBigquery).at(-1)).toMatchObject({
      type: 'sync.canceled',
      event: { status: 'canceled' },
    });

    const completed = (await get(`/api/syncs/${churnScoresToSalesforce}/status`)).body.data.last_execution;
    expect(completed).toMatchObject({ status: 'completed' });
    expect(completed).not.toHaveProperty('errors');
    expect(eventsOf(churnScoresToSalesforce).at(-1)).toMatchObject({
      type: 'sync.completed',
      event: { status: 'completed', trigger: 'manual', record_count: completed.counts.total, error_count: 0 },
    });
  });

  it('reflects every result for bulk syncs', async () => {
    const { sim, get, advance, eventsOf } = setup();
    const id = sim.ids.bulkSyncs.salesforceToSnowflake; // idle at 10:14 (hourly at :20)
    const outcomes = [
      { result: 'failed', error: 'Snowflake: insufficient privileges', status: 'failed', type: 'bulk_sync.failed' },
      { result: 'completed_with_errors', status: 'completed', type: 'bulk_sync.completed_with_error' },
      { result: 'canceled', status: 'canceled', type: 'bulk_sync.canceled' },
      { result: 'completed', status: 'completed', type: 'bulk_sync.completed' },
    ] as const;
    for (const outcome of outcomes) {
      const execution = sim.runNow(id, {
        result: outcome.result,
        ...('error' in outcome ? { error: outcome.error } : {}),
      });
      advance(SECOND);
      const last = (await get(`/api/bulk/syncs/${id}/status`)).body.data.last_execution;
      expect(last).toMatchObject({ id: execution, status: outcome.status, type: 'manual' });
      const event = eventsOf(id).at(-1)!;
      expect(event.type).toBe(outcome.type);
      expect(event.event).toMatchObject({
        execution_id: execution,
        source_connection_id: sim.ids.connections.salesforce,
        destination_connection_id: sim.ids.connections.snowflake,
      });
      if (outcome.result === 'failed') {
        expect(last.status_message).toBe(outcome.error);
        expect(event.event).toMatchObject({ trigger_source: 'manual', error: outcome.error });
      }
      if (outcome.result === 'completed_with_errors') expect(last.error_count).toBeGreaterThan(0);
      if (outcome.result === 'canceled') expect(event.event).not.toHaveProperty('trigger_source');
      if (outcome.result === 'completed')
        expect(last).toMatchObject({ error_count: 0, warning_count: 0, status_message: '' });
      advance(SECOND);
    }
  });

  it('still skips a scheduled slot that falls during the run', async () => {
    const { sim, get, setTime, eventsOf } = setup();
    const id = sim.ids.syncs.ordersToSnowflake; // hourly at :00
    setTime(Date.UTC(2026, 0, 14, 10, 59, 30));
    const execution = sim.runNow(id, { result: 'completed', durationMs: 2 * MINUTE });
    setTime(Date.UTC(2026, 0, 14, 11, 0, 30));
    expect((await get(`/api/syncs/${id}/status`)).body.data.current_execution.id).toBe(execution);
    setTime(Date.UTC(2026, 0, 14, 11, 10, 0));
    const status = (await get(`/api/syncs/${id}/status`)).body.data;
    expect(status.current_execution).toBeUndefined();
    expect(status.last_execution.id).toBe(execution);
    expect(status.next_execution_time).toBe('2026-01-14T12:00:00.000Z');
    const recent = eventsOf(id).filter((e) => Date.parse(e.created_at) >= Date.UTC(2026, 0, 14, 10, 59, 0));
    expect(recent.map((e) => [e.type, e.event.execution_id])).toEqual([
      ['sync.running', execution],
      ['sync.completed', execution],
    ]);
  });

  it('refuses unknown and paused syncs', () => {
    const { sim } = setup();
    expect(() => sim.runNow('00000000-0000-4000-8000-000000000000', { result: 'failed' })).toThrow(
      /no model or bulk sync/,
    );
    expect(() => sim.runNow(sim.ids.syncs.leadScoresToSalesforce, { result: 'failed' })).toThrow(/paused/);
  });
});

describe('addModelSyncs', () => {
  it('adds healthy syncs that page through /api/syncs and can all fail at once', async () => {
    const { sim, get, advance } = setup();
    const seeded = sim.syncs.length;
    const ids = sim.addModelSyncs(50);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect(createPolytomicSimulator({ now: () => START }).addModelSyncs(2)).toEqual(ids.slice(0, 2));
    expect(sim.syncs).toHaveLength(seeded + 50);
    expect(sim.syncs.find((s) => s.id === ids[0])).toMatchObject({
      name: 'Generated sync 1',
      active: true,
      behaviour: 'ok',
    });

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { body } = await get(`/api/syncs${token ? `?page_token=${encodeURIComponent(token)}` : ''}`);
      expect(body.data.length).toBeLessThanOrEqual(50);
      seen.push(...body.data.map((s: { id: string }) => s.id));
      token = body.pagination?.next_page_token;
      pages += 1;
    } while (token && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(seeded + 50);
    expect(new Set(seen)).toEqual(new Set(sim.syncs.map((s) => s.id)));

    // Healthy: the last run completed, long enough ago to leave no events.
    const status = (await get(`/api/syncs/${ids[0]}/status`)).body.data;
    expect(status.last_execution.status).toBe('completed');
    expect(status.next_execution_time).toBeUndefined();
    expect(sim.events().filter((e) => ids.includes(String(e.event.sync_id)))).toEqual([]);

    for (const id of ids) sim.runNow(id, { result: 'failed', error: 'Salesforce API error: REQUEST_LIMIT_EXCEEDED' });
    advance(SECOND);
    const failed = (
      await get(`/api/events?type=sync.failed&limit=100&starting_after=${encodeURIComponent(iso(START - 1))}`)
    ).body.data;
    expect(failed).toHaveLength(50);
    expect(new Set(failed.map((e: SimulatorEvent) => e.event.sync_id))).toEqual(new Set(ids));

    expect(sim.addModelSyncs(1, 'Extra')).toEqual([expect.any(String)]);
    expect(sim.syncs.at(-1)?.name).toBe('Extra 51');
  });
});
