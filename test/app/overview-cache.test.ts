import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoOverviewStore } from '../../src/lib/adapters/dynamo/overview-store.js';
import { lookUpStatus } from '../../src/lib/app/status.js';
import { createTestClock } from '../support/clock.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';

let h: Harness;
let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
async function start() {
  table = await dynamoDbLocal.open();
  // The harness on a table this test can also reach, as a second worker instance would.
  h = await startHarness({
    clock: createTestClock(Date.parse('2026-01-14T10:14:00Z')),
    engine: { name: 'shared', open: async () => table },
  });
}
afterEach(async () => h.close());

const overviewReply = (ack: { responseUrlId: string }) => h.replies(ack.responseUrlId)[0];

describe('the organisation overview, cached for 30 s per team', () => {
  it('answers a burst of `status` with one sweep of Polytomic, every person seeing the same overview', async () => {
    await start();
    const first = await h.command('status');
    await h.settle();
    const oneSweep = h.polytomic.calls.length;
    expect(oneSweep).toBeGreaterThan(2);
    // Nine more at once, from several people, 29 s later.
    h.clock.advance(29_000);
    const burst = await Promise.all(
      Array.from({ length: 9 }, (_, i) => h.command('status', { userId: `U0PERSON${i}` })),
    );
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(oneSweep);
    for (const ack of burst)
      expect(overviewReply(ack)).toMatchObject({
        text: overviewReply(first)!.text,
        blocks: overviewReply(first)!.blocks,
      });
  });

  it('sweeps again once the overview is more than 30 s old', async () => {
    await start();
    await h.command('status');
    await h.settle();
    const oneSweep = h.polytomic.calls.length;
    h.clock.advance(31_000);
    await h.command('status');
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(2 * oneSweep);
  });

  it('shares the overview between worker instances through the table, and sweeps once when requests arrive together', async () => {
    await start();
    const [a, b] = await Promise.all([h.command('status'), h.command('status', { userId: 'U0BOB' })]);
    await h.settle();
    const oneSweep = h.polytomic.calls.length;
    // One sweep: the two sync lists and the connections, then each sync's status once.
    expect(oneSweep).toBe(3 + h.polytomic.syncs.length + h.polytomic.bulkSyncs.length);
    expect(overviewReply(a)?.text).toBe(overviewReply(b)?.text);
    // Another instance: its own in-process state, the same table.
    const otherInstance = {
      ...h.worker,
      polytomicUrl: 'https://app.polytomic.com',
      overviews: {
        store: createDynamoOverviewStore(table.client, table.tableName),
        maxAgeMs: 30_000,
        inFlight: new Map(),
      },
    };
    const message = await lookUpStatus(otherInstance, { query: '', commandName: '/polytomic', teamId: 'T0TEST' });
    expect(message.text).toBe(overviewReply(a)?.text);
    expect(h.polytomic.calls).toHaveLength(oneSweep);
  });

  it('keeps no failed sweep: the next request sweeps again', async () => {
    await start();
    h.polytomic.failNext({ path: '/api/syncs', status: 401 });
    const failed = await h.command('status');
    await h.settle();
    expect(overviewReply(failed)?.text).not.toMatch(/^Polytomic syncs/);
    const after = await h.command('status');
    await h.settle();
    expect(overviewReply(after)?.text).toMatch(/^Polytomic syncs: /);
  });
});
