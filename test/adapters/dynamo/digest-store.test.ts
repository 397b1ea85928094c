import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDigestStore } from '../../../src/lib/adapters/dynamo/digest-store.js';
import type { DigestStore } from '../../../src/lib/app/ports/digest-store.js';
import type { DigestSubscription } from '../../../src/lib/core/digest.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const sub = (id: string, channelId = 'C1', nextRunAt = T0): DigestSubscription => ({
  id,
  channelId,
  schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' },
  scope: { kind: 'all' },
  createdBy: 'U1',
  createdAt: T0 - 1000,
  nextRunAt,
  version: 0,
});

describe.each(engines)('digest store on $name', (engine) => {
  let store: DigestStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoDigestStore(opened.client, opened.tableName);
    close = opened.close;
  });
  afterEach(async () => close());

  it('lists due subscriptions by next run across channels, and a channel’s own; a taken id keeps its first writer', async () => {
    await store.create(sub('a', 'C1', T0));
    await store.create(sub('b', 'C2', T0 + 60_000));
    expect(await store.create({ ...sub('a', 'C1'), createdBy: 'U2' })).toBe('duplicate');
    expect((await store.listForChannel('C1')).map((s) => s.createdBy)).toEqual(['U1']);
    expect((await store.listDue(T0, 10)).map((s) => s.id)).toEqual(['a']);
    expect((await store.listDue(T0 + 60_000, 10)).map((s) => s.id)).toEqual(['a', 'b']);
    expect((await store.listForChannel('C2')).map((s) => s.id)).toEqual(['b']);
  });

  it('moves the next run with a versioned write; a stale one loses', async () => {
    const created = sub('a');
    await store.create(created);
    const moved = await store.save(created, { nextRunAt: T0 + 86_400_000, dueAt: T0 + 86_400_000 }, T0);
    expect(moved.version).toBe(1);
    await expect(store.save(created, { nextRunAt: T0 + 1 }, T0)).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await store.listDue(T0 + 1000, 10)).toEqual([]);
  });

  it('takes a paused subscription out of the due list, and removes', async () => {
    const created = sub('a');
    await store.create(created);
    await store.save(created, { paused: { reason: 'is_archived', at: T0 } }, T0);
    expect(await store.listDue(T0 + 1e10, 10)).toEqual([]);
    expect((await store.listForChannel('C1'))[0]?.paused).toEqual({ reason: 'is_archived', at: T0 });
    expect(await store.remove('C1', 'a')).toBe(true);
    expect(await store.remove('C1', 'a')).toBe(false);
  });

  it('lets one of two overlapping runs take a due run, due again at its lease end should the poster die', async () => {
    const created = sub('a');
    await store.create(created);
    const [due] = await store.listDue(T0, 10);
    const posting = { runAt: T0, until: T0 + 60_000 };
    const taken = await Promise.all([store.claim(due!, posting, T0), store.claim(due!, posting, T0)]);
    expect(taken.filter(Boolean)).toEqual([expect.objectContaining({ posting, version: 1 })]);
    expect(await store.listDue(T0 + 59_999, 10)).toEqual([]);
    expect((await store.listDue(T0 + 60_000, 10)).map((s) => s.posting)).toEqual([posting]);
  });
});
