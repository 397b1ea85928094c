import { performance } from 'node:perf_hooks';
import { runDueDigests } from '../src/lib/app/digest-run.js';
import { sleep } from '../src/lib/clock.js';
import { nextRunAt } from '../src/lib/core/digest-schedule.js';
import { createTestClock } from '../test/support/clock.js';
import { startHarness } from '../test/support/harness.js';
import { countedTable, engineOn } from './support.js';

/**
 * One scheduler run with N channels due at the same minute: wall time (real per-channel gaps included)
 * and the requests it makes to Polytomic, Slack and DynamoDB.
 */
export async function benchDigestCost(endpoint: string, channelCounts: number[]) {
  const results = [];
  for (const channels of channelCounts) {
    const table = await countedTable(endpoint);
    const clock = createTestClock(Date.parse('2026-11-23T08:59:00Z'));
    const h = await startHarness({
      clock,
      sleep,
      engine: engineOn(table),
    });
    const schedule = { every: 'daily' as const, hour: 9, minute: 0, timeZone: 'UTC' };
    for (let i = 0; i < channels; i++) {
      await h.worker.digestStore.create({
        id: `d${i}`,
        channelId: `C${String(i).padStart(6, '0')}`,
        schedule,
        scope: { kind: 'all' },
        createdBy: 'U0ALICE',
        createdAt: clock.now(),
        nextRunAt: nextRunAt(schedule, clock.now()),
        version: 0,
      });
    }
    clock.set(Date.parse('2026-11-23T09:00:00Z'));
    table.reset();
    const polytomicBefore = h.polytomic.calls.length;
    const slackBefore = h.slack.calls.length;
    const began = performance.now();
    const tally = await runDueDigests(h.worker);
    results.push({
      channels,
      posted: tally.posted,
      wallMs: Math.round(performance.now() - began),
      polytomicRequests: h.polytomic.calls.length - polytomicBefore,
      slackRequests: h.slack.calls.length - slackBefore,
      dynamoRequests: table.requests(),
    });
    await h.close();
  }
  return results;
}
