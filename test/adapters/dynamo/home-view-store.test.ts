import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoHomeViewStore } from '../../../src/lib/adapters/dynamo/home-view-store.js';
import type { HomeViewStore } from '../../../src/lib/app/ports/home-view-store.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const GAP = 30_000;
const LEASE = 120_000;

describe.each(engines)('Home views and their republish on $name', (engine) => {
  let store: HomeViewStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoHomeViewStore(opened.client, opened.tableName);
    close = opened.close;
  });
  afterEach(async () => close());

  it('keeps one view a person, the latest, and lists those since a time, the most recent first', async () => {
    await store.viewed({ userId: 'U0ALICE', teamId: 'T0', at: T0 });
    const channels = { channelIds: ['C0DATA', 'C0OPS'], more: false };
    await store.viewed({ userId: 'U0BOB', teamId: 'T0', at: T0 + 1_000, card: '{"text":"card"}', channels });
    await store.viewed({ userId: 'U0CAROL', teamId: 'T0', at: T0 - 60_000 });
    await store.viewed({ userId: 'U0ALICE', teamId: 'T0', at: T0 + 2_000 });
    expect(await store.viewedSince(T0, 10)).toEqual([
      { userId: 'U0ALICE', teamId: 'T0', at: T0 + 2_000 },
      { userId: 'U0BOB', teamId: 'T0', at: T0 + 1_000, card: '{"text":"card"}', channels },
    ]);
    expect((await store.viewedSince(T0 - 60_000, 2)).map((v) => v.userId)).toEqual(['U0ALICE', 'U0BOB']);
  });

  it('has nothing due until a change; one run takes it; the next waits the gap after it began', async () => {
    expect(await store.claimDue(T0, T0 + LEASE)).toBeUndefined();
    await store.markStale(T0, GAP);
    await store.markStale(T0 + 1, GAP);
    const [first, second] = await Promise.all([store.claimDue(T0 + 5, T0 + LEASE), store.claimDue(T0 + 5, T0 + LEASE)]);
    const held = first ?? second;
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await store.finish(held!, T0 + 10)).toBe(true);
    expect(await store.claimDue(T0 + 10, T0 + LEASE)).toBeUndefined();

    await store.markStale(T0 + 20, GAP);
    expect(await store.claimDue(T0 + 20, T0 + LEASE)).toBeUndefined();
    expect(await store.claimDue(T0 + 5 + GAP, T0 + LEASE)).toBeDefined();
  });

  it('makes a change during a run due again: the run cannot finish it, the next takes it', async () => {
    await store.markStale(T0, GAP);
    const held = await store.claimDue(T0, T0 + LEASE);
    await store.markStale(T0 + 1_000, GAP);
    expect(await store.finish(held!, T0 + 2_000)).toBe(false);
    expect(await store.claimDue(T0 + 2_000, T0 + LEASE)).toBeUndefined();
    expect(await store.claimDue(T0 + GAP, T0 + GAP + LEASE)).toBeDefined();
  });

  it('gives a run that died to the next once its lease is over', async () => {
    await store.markStale(T0, GAP);
    expect(await store.claimDue(T0, T0 + LEASE)).toBeDefined();
    expect(await store.claimDue(T0 + LEASE - 1, T0 + 2 * LEASE)).toBeUndefined();
    // A change after the lease ran out finds it due already: nothing to write.
    await store.markStale(T0 + LEASE + 1, GAP);
    expect(await store.claimDue(T0 + LEASE + 1, T0 + 2 * LEASE)).toBeDefined();
  });
});
