import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createDynamoRuleCheckStore } from '../src/lib/adapters/dynamo/rule-check-store.js';
import { pollOnce } from '../src/lib/app/poll.js';
import { composeWorker } from '../src/lib/compose/worker.js';
import { mapWithConcurrency } from '../src/lib/concurrency.js';
import { createMemoryLogger } from '../src/lib/log.js';
import { createTestClock } from '../test/support/clock.js';
import { countedTable } from './support.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const syncId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * A Polytomic whose every sync last succeeded an hour ago and has no events to catch up on: the steady state,
 * in which a due staleness check reads the sync's status, finds it fresh and is due again later. It counts
 * the requests it answers, status reads apart.
 */
function freshPolytomic() {
  const app = new Hono();
  const counts = { all: 0, status: 0 };
  app.use(async (_c, next) => {
    counts.all++;
    await next();
  });
  app.get('/api/syncs/:id/status', (c) => {
    counts.status++;
    const done = new Date(T0 - HOUR).toISOString();
    return c.json({
      data: {
        last_execution: { id: 'exec', status: 'completed', started_at: done, completed_at: done },
        next_execution_time: new Date(T0 + HOUR).toISOString(),
      },
    });
  });
  app.get('/api/events', (c) => c.json({ data: [] }));
  return { app, counts };
}

/**
 * One whole poller tick (every pass) over a table of `watched` syncs carrying `stale 6h`, with `due` of them due
 * for a check, for each count in `dueCounts`: wall time, DynamoDB requests and Polytomic requests. The others wait
 * in the index for a later time. One table serves every count: each tick checks a fresh set of due syncs.
 */
export async function benchRuleCheckCost(endpoint: string, watched: number, dueCounts: readonly number[]) {
  const fake = freshPolytomic();
  const server = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const table = await countedTable(endpoint);
  const clock = createTestClock(T0);
  const checks = createDynamoRuleCheckStore(table.client, table.tableName);
  // Armed "ten hours from now": waiting in the index, not due.
  const arm = (i: number, at: number) =>
    checks.arm(
      {
        channelId: `C${i % 50}`,
        syncId: syncId(i),
        syncName: `Sync ${i}`,
        syncKind: 'model',
        rules: [{ kind: 'stale', afterMs: 6 * HOUR }],
      },
      at,
    );
  await mapWithConcurrency(
    Array.from({ length: watched }, (_, i) => i),
    16,
    (i) => arm(i, T0 + 10 * HOUR),
  );
  const worker = composeWorker({
    botToken: 'xoxb-bench',
    slackApiUrl: `${origin}/slack/`,
    slackTeamId: 'T0BENCH',
    polytomicApiKey: 'bench',
    polytomicUrl: origin,
    dynamo: table.client,
    tableName: table.tableName,
    clock,
    log: createMemoryLogger(),
  });
  // A first tick with nothing due sets the event cursor up, so every measured tick is a steady one.
  await pollOnce(worker);
  const results = [];
  let next = 0;
  for (const due of dueCounts) {
    clock.advance(2 * 60_000);
    // The syncs due this tick: re-armed a moment ago (checked ones are due again hours later).
    await mapWithConcurrency(
      Array.from({ length: due }, () => next++ % watched),
      16,
      (i) => arm(i, clock.now() - 1),
    );
    table.reset();
    const before = { ...fake.counts };
    const began = performance.now();
    const tally = await pollOnce(worker);
    results.push({
      watched,
      due,
      checked: tally.rules.checked + tally.rules.fired,
      wallMs: Math.round(performance.now() - began),
      dynamoRequests: table.requests(),
      polytomicRequests: fake.counts.all - before.all,
      statusReads: fake.counts.status - before.status,
    });
  }
  table.client.destroy();
  server.close();
  return results;
}
