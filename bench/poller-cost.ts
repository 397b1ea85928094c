import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDynamoAuditStore } from '../src/lib/adapters/dynamo/audit-store.js';
import { createDynamoPostStore } from '../src/lib/adapters/dynamo/post-store.js';
import { createDynamoRefreshStore } from '../src/lib/adapters/dynamo/refresh-store.js';
import { createPolytomicClient } from '../src/lib/adapters/polytomic/client.js';
import { createSlackApi } from '../src/lib/adapters/slack/web-api.js';
import { checkDueRefreshes } from '../src/lib/app/refresh-poller.js';
import { REFRESH_POLICY } from '../src/lib/core/refresh.js';
import { DEFAULT_TIMING } from '../src/lib/core/timing.js';
import { createMemoryLogger } from '../src/lib/log.js';
import { createTestClock } from '../test/support/clock.js';
import { countedTable } from './support.js';

/**
 * A Polytomic that has every connection healthy and still refreshing: the steady state of a tick, in which
 * every pending refresh is checked and none finishes. It counts the requests it answers.
 */
function stillRefreshingPolytomic() {
  const app = new Hono();
  let requests = 0;
  app.use(async (_c, next) => {
    requests++;
    await next();
  });
  app.get('/api/connections/:id/schemas/status', (c) =>
    c.json({
      data: {
        cache_status: 'refreshing',
        last_refresh_started: new Date().toISOString(),
        last_refresh_finished: '2026-01-01T00:00:00Z',
      },
    }),
  );
  app.get('/api/connections/:id', (c) =>
    c.json({ data: { id: c.req.param('id'), name: 'Bench connection', status: 'healthy' } }),
  );
  return { app, requests: () => requests };
}

/** The poller's cost per tick with N pending refreshes: wall time, DynamoDB requests and Polytomic requests. */
export async function benchPollerCost(endpoint: string, sizes: number[]) {
  const fake = stillRefreshingPolytomic();
  const server = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const results = [];
  for (const size of sizes) {
    const table = await countedTable(endpoint);
    const clock = createTestClock(Date.parse('2026-11-23T10:00:00Z'));
    const log = createMemoryLogger();
    const refreshes = createDynamoRefreshStore(table.client, table.tableName);
    for (let i = 0; i < size; i++) {
      const { refresh } = await refreshes.claim(
        {
          connectionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          connectionName: `c${i}`,
          jobId: `job-${i}`,
          channelId: 'C1',
          requestedBy: 'U1',
        },
        clock.now(),
        clock.now() + DEFAULT_TIMING.refreshStartingLeaseMs,
      );
      await refreshes.save(
        refresh,
        {
          status: 'pending',
          requestedAt: clock.now(),
          deadline: clock.now() + REFRESH_POLICY.timeoutMs,
          dueAt: clock.now(),
        },
        clock.now(),
      );
    }
    const deps = {
      polytomic: createPolytomicClient({ baseUrl: origin, apiKey: 'bench' }),
      auditStore: createDynamoAuditStore(table.client, table.tableName),
      refreshStore: refreshes,
      slack: createSlackApi({ botToken: 'xoxb-bench', slackApiUrl: `${origin}/slack/`, log }),
      clock,
      log,
      refreshTimeoutMs: REFRESH_POLICY.timeoutMs,
      timing: DEFAULT_TIMING,
      postStore: createDynamoPostStore(table.client, table.tableName),
      sleep: async () => undefined,
    };
    clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    table.reset();
    const polytomicBefore = fake.requests();
    const began = performance.now();
    const tally = await checkDueRefreshes(deps);
    results.push({
      pending: size,
      checked: tally.waiting,
      wallMs: Math.round(performance.now() - began),
      dynamoRequests: table.requests(),
      polytomicRequests: fake.requests() - polytomicBefore,
    });
    table.client.destroy();
  }
  server.close();
  return results;
}
