import { createTestClock } from '../test/support/clock.js';
import { startHarness } from '../test/support/harness.js';
import { countedTable, engineOn } from './support.js';

/**
 * A burst of organisation overviews: `count` people each send `/polytomic status` within `seconds`
 * (evenly spaced, none waiting for the others), against the simulator's 13 syncs. Counts the Polytomic
 * requests made, beside what one sweep costs (every overview would cost that without the cache).
 */
export async function benchOverviewCost(endpoint: string, count = 50, seconds = 10) {
  const table = await countedTable(endpoint);
  const clock = createTestClock(Date.parse('2026-11-23T09:00:00Z'));
  const h = await startHarness({
    clock,
    engine: engineOn(table),
  });
  try {
    const acks = [];
    for (let i = 0; i < count; i++) {
      acks.push(await h.command('status', { userId: `U0PERSON${i}` }));
      clock.advance((seconds * 1000) / count);
    }
    await h.settle();
    const answered = acks.filter((ack) => h.replies(ack.responseUrlId)[0]?.text?.startsWith('Polytomic syncs')).length;
    return {
      overviews: count,
      seconds,
      answered,
      polytomicRequests: h.polytomic.calls.length,
      // The two sync lists, the connections, then each sync's status.
      oneSweep: 3 + h.polytomic.syncs.length + h.polytomic.bulkSyncs.length,
    };
  } finally {
    await h.close();
  }
}
