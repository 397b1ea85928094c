import { describe, expect, it } from 'vitest';
import { createPolytomicSimulator } from '../../src/local/polytomic-simulator.js';

const AUTH = { Authorization: 'Bearer sim-key' };
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 2026-01-14 10:14:00 UTC, the simulator's start: every seeded outage is timed from it. */
const START = Date.UTC(2026, 0, 14, 10, 14, 0);
const at = (hh: number, mm: number): number => Date.UTC(2026, 0, 14, hh, mm, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

function setup() {
  let t = START;
  const sim = createPolytomicSimulator({ now: () => t });
  const request = async (method: string, path: string, body?: unknown) => {
    const res = await sim.app.request(path, {
      method,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    sim,
    setTime: (ms: number) => {
      t = ms;
    },
    get: (path: string) => request('GET', path),
    post: (path: string, body?: unknown) => request('POST', path, body),
  };
}

describe('run history', () => {
  it('lists a sync’s runs newest first, page by page, each readable by its id', async () => {
    const { sim, get } = setup();
    const id = sim.ids.syncs.accountHealthToSalesforce; // hourly at :40
    const first = await get(`/api/syncs/${id}/executions`);
    expect(first.body.data).toHaveLength(8);
    const token = first.body.pagination.next_page_token;
    const second = await get(`/api/syncs/${id}/executions?page_token=${token}`);
    const runs = [...first.body.data, ...second.body.data];
    expect(runs.map((r) => r.created_at).slice(0, 3)).toEqual([iso(at(9, 40)), iso(at(8, 40)), iso(at(7, 40))]);
    const times = runs.map((r) => Date.parse(r.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    for (const run of runs.slice(6, 10)) {
      expect((await get(`/api/syncs/${id}/executions/${run.id}`)).body.data).toEqual(run);
    }
    expect((await get(`/api/syncs/${id}/executions?page_token=not-a-token`)).status).toBe(400);
  });

  it('pages a bulk sync’s runs by limit, each with its schemas', async () => {
    const { sim, get } = setup();
    const id = sim.ids.bulkSyncs.salesforceToSnowflake; // hourly at :20
    const page = await get(`/api/bulk/syncs/${id}/executions?limit=3`);
    expect(page.body.data.map((r: { created_at: string }) => r.created_at)).toEqual([
      iso(at(9, 20)),
      iso(at(8, 20)),
      iso(at(7, 20)),
    ]);
    expect(page.body.data[0].schemas).toHaveLength(5);
    expect(page.body.pagination.next_page_token).toEqual(expect.any(String));
    expect((await get(`/api/bulk/syncs/${id}/executions?limit=0`)).status).toBe(400);
  });
});

describe('failures that recover, and syncs that go stale', () => {
  it('fails a sync while its outage lasts and recovers with the first run after it, every six hours', async () => {
    const { sim, get, setTime } = setup();
    const status = async () => (await get(`/api/syncs/${sim.ids.syncs.accountHealthToSalesforce}/status`)).body.data;
    // The outage before the start ran 06:14–08:14: the 06:40 and 07:40 runs failed, 08:40 recovered.
    expect((await status()).last_execution).toMatchObject({ status: 'completed', created_at: iso(at(9, 40)) });
    setTime(at(12, 43)); // the next outage runs 12:14–14:14
    expect((await status()).last_execution).toMatchObject({
      status: 'failed',
      created_at: iso(at(12, 40)),
      errors: [expect.stringMatching(/^Salesforce API error: UNABLE_TO_LOCK_ROW/)],
    });
    setTime(at(13, 43));
    expect((await status()).last_execution.status).toBe('failed');
    setTime(at(14, 43));
    expect((await status()).last_execution).toMatchObject({ status: 'completed', created_at: iso(at(14, 40)) });
    setTime(at(18, 43));
    expect((await status()).last_execution).toMatchObject({ status: 'failed', created_at: iso(at(18, 40)) });
  });

  it('stops a stale sync’s scheduled runs while it stays active, its next run stuck in the past', async () => {
    const { sim, get, setTime } = setup();
    const id = sim.ids.syncs.supportTicketsToSalesforce; // hourly at :50, stopped at 05:14
    const before = (await get(`/api/syncs/${id}/status`)).body.data;
    expect(before.last_execution).toMatchObject({ status: 'completed', created_at: iso(at(4, 50)) });
    expect(before.next_execution_time).toBe(iso(at(5, 50)));
    expect((await get(`/api/syncs/${id}`)).body.data.active).toBe(true);
    setTime(START + 6 * HOUR);
    const later = (await get(`/api/syncs/${id}/status`)).body.data;
    expect(later).toEqual(before);
    // A run started by hand still works, and is then the latest success.
    sim.runNow(id, { result: 'completed' });
    setTime(START + 6 * HOUR + 2 * SECOND);
    expect((await get(`/api/syncs/${id}/status`)).body.data.last_execution.type).toBe('manual');
  });

  it('pauses a sync, so no scheduled run happens, and resumes its schedule', async () => {
    const { sim, get, post, setTime } = setup();
    const id = sim.ids.syncs.ordersToSnowflake; // hourly at :00
    expect((await post(`/api/syncs/${id}/activate`, { active: false })).body.data).toEqual({ id, active: false });
    expect((await get(`/api/syncs/${id}/status`)).body.data.next_execution_time).toBeUndefined();
    setTime(at(12, 30));
    expect((await get(`/api/syncs/${id}/status`)).body.data.last_execution.created_at).toBe(iso(at(10, 0)));
    expect((await post(`/api/syncs/${id}/activate`, { active: true })).body.data).toEqual({ id, active: true });
    expect((await get(`/api/syncs/${id}/status`)).body.data.next_execution_time).toBe(iso(at(13, 0)));
    expect((await post(`/api/bulk/syncs/${sim.ids.bulkSyncs.hubspotToBigquery}/activate`, {})).status).toBe(400);
  });

  it('fails only some tables of a bulk run during an outage, and a retry of those tables succeeds after it', async () => {
    const { sim, get, post, setTime } = setup();
    const id = sim.ids.bulkSyncs.salesforceToSnowflake; // hourly at :20; outage 07:14–08:14
    const runs = (await get(`/api/bulk/syncs/${id}/executions?limit=3`)).body.data;
    const failed = runs.find((r: { created_at: string }) => r.created_at === iso(at(7, 20)));
    expect(failed).toMatchObject({ status: 'failed', status_message: '1 of 5 schemas failed' });
    expect(failed.schemas.filter((s: { status: string }) => s.status === 'failed')).toEqual([
      expect.objectContaining({
        schema: 'Opportunity',
        record_count: 0,
        status_message: expect.stringMatching(/INSUFFICIENT_ACCESS/),
      }),
    ]);
    expect(runs.find((r: { created_at: string }) => r.created_at === iso(at(8, 20))).status).toBe('completed');

    const retry = await post(`/api/bulk/syncs/${id}/executions`, { schemas: ['Opportunity'] });
    expect(retry.body.data).toMatchObject({ is_partial: true, schemas: [{ schema: 'Opportunity' }] });
    expect((await post(`/api/bulk/syncs/${id}/executions`, { schemas: ['Opportunity'] })).status).toBe(409);
    setTime(START + 10 * MINUTE);
    expect((await get(`/api/bulk/syncs/${id}/executions/${retry.body.data.id}`)).body.data).toMatchObject({
      status: 'completed',
      schemas: [{ schema: 'Opportunity', status: 'completed' }],
    });
  });
});

describe('what an execution left behind', () => {
  it('keeps the latest 50 console log entries, oldest first, and those after a cursor', async () => {
    const { sim, get } = setup();
    const id = sim.ids.syncs.ordersToSnowflakeBackfill; // 240,000 records: a line per thousand
    const [last] = (await get(`/api/syncs/${id}/executions`)).body.data;
    const path = `/api/syncs/${id}/executions/${last.id}/consolelog`;
    const { entries, next_cursor } = (await get(path)).body.data;
    expect(entries).toHaveLength(50);
    expect(entries.at(-1)).toMatchObject({ level: 'info', message: expect.stringMatching(/^Completed: \d+ inserted/) });
    expect(next_cursor).toBe(entries.at(-1).id);
    const times = entries.map((e: { timestamp: string }) => e.timestamp);
    expect(times).toEqual([...times].sort());
    expect((await get(`${path}?limit=500`)).body.data.entries).toHaveLength(50);
    expect((await get(`${path}?after=${entries[40].id}`)).body.data.entries).toEqual(entries.slice(41));
  });

  it('logs a failed run’s error, and a bulk run’s failing table', async () => {
    const { sim, get } = setup();
    const churn = sim.ids.syncs.churnScoresToSalesforce;
    const failed = (await get(`/api/syncs/${churn}/status`)).body.data.last_execution;
    const log = (await get(`/api/syncs/${churn}/executions/${failed.id}/consolelog`)).body.data.entries;
    expect(log.slice(-2)).toEqual([
      expect.objectContaining({ level: 'error', message: failed.errors[0] }),
      expect.objectContaining({ level: 'error', message: 'Sync failed' }),
    ]);
    const bulk = sim.ids.bulkSyncs.salesforceToSnowflake;
    const runs = (await get(`/api/bulk/syncs/${bulk}/executions?limit=3`)).body.data;
    const bulkLog = (await get(`/api/bulk/syncs/${bulk}/executions/${runs[2].id}/consolelog`)).body.data.entries;
    expect(
      bulkLog.filter((e: { level: string }) => e.level === 'error').map((e: { message: string }) => e.message),
    ).toEqual([
      expect.stringMatching(/^Opportunity: failed: Salesforce API error: INSUFFICIENT_ACCESS/),
      'Execution failed: 1 of 5 schemas failed',
    ]);
    expect((await get(`/api/syncs/${churn}/executions/00000000-0000-4000-8000-000000000000/consolelog`)).status).toBe(
      404,
    );
  });

  it('links a run’s errored records by a signed link that works without the key until it expires', async () => {
    const { sim, get, setTime } = setup();
    const id = sim.ids.syncs.salesforceContactsToHubspot; // some runs reject rows
    const runs = [
      ...(await get(`/api/syncs/${id}/executions`)).body.data,
      ...(
        await get(
          `/api/syncs/${id}/executions?page_token=${(await get(`/api/syncs/${id}/executions`)).body.pagination.next_page_token}`,
        )
      ).body.data,
    ];
    const rejected = runs.find((r) => r.counts.error > 0);
    const clean = runs.find((r) => r.status === 'completed' && r.counts.error === 0);
    const links = (await get(`/api/syncs/${id}/executions/${rejected.id}/errors`)).body.data;
    expect(links).toEqual({
      urls: [expect.stringMatching(/^http:\/\/localhost\/files\//)],
      expires: iso(START + HOUR),
    });
    const file = await sim.app.request(links.urls[0]);
    expect(file.status).toBe(200);
    const records = (await file.json()) as Array<{ error: string; record: Record<string, string> }>;
    expect(records).toHaveLength(rejected.counts.error);
    expect(records[0]).toEqual({ error: rejected.errors[0], record: expect.objectContaining({ Email: 'email-1' }) });
    expect((await sim.app.request(links.urls[0].replace(/signature=\w+/, `signature=${'0'.repeat(64)}`))).status).toBe(
      403,
    );
    expect((await get(`/api/syncs/${id}/executions/${clean.id}/errors`)).body.data.urls).toEqual([]);
    setTime(START + HOUR + SECOND);
    expect((await sim.app.request(links.urls[0])).status).toBe(403);
  });
});
