import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoRequestCountStore } from '../../../src/lib/adapters/dynamo/request-count-store.js';
import type { RequestCountStore } from '../../../src/lib/app/ports/request-count-store.js';
import { engines } from '../../support/dynamo.js';

const MINUTE = Date.parse('2026-11-23T09:00:00Z');
const alice = (windowStart: number) => ({
  teamId: 'T0TEST',
  userId: 'U0ALICE',
  windowStart,
  windowEnd: windowStart + 60_000,
  limit: 2,
});

describe.each(engines)('the per-person request counter on $name', (engine) => {
  let instances: RequestCountStore[];
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    // Two worker instances sharing the table, as Lambda runs them.
    instances = [
      createDynamoRequestCountStore(opened.client, opened.tableName),
      createDynamoRequestCountStore(opened.client, opened.tableName),
    ];
    close = opened.close;
  });
  afterEach(async () => close());

  it('counts up to the limit across instances, refuses the rest, and starts afresh in the next window', async () => {
    const [a, b] = instances as [RequestCountStore, RequestCountStore];
    expect([
      await a.take(alice(MINUTE)),
      await b.take(alice(MINUTE)),
      await a.take(alice(MINUTE)),
      await b.take(alice(MINUTE)),
    ]).toEqual([true, true, false, false]);
    expect(await b.take({ ...alice(MINUTE), userId: 'U0BOB' })).toBe(true);
    expect(await a.take(alice(MINUTE + 60_000))).toBe(true);
  });

  it('lets exactly the limit through when requests arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => instances[i % 2]!.take(alice(MINUTE))));
    expect(results.filter(Boolean)).toHaveLength(2);
  });
});
