import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActiveIndex } from '../../../src/lib/adapters/dynamo/active-index.js';
import type { Lease } from '../../../src/lib/adapters/dynamo/lease.js';
import { createLease, wonOrThrow } from '../../../src/lib/adapters/dynamo/lease.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LEASE_MS = 90_000;
const KIND = 'TEST';
const key = (id: string) => ({ pk: `TEST#${id}`, sk: 'TEST' });

describe.each(engines)('lease on $name', (engine) => {
  let client: DynamoDBClient;
  let tableName: string;
  let lease: Lease;
  let close: () => Promise<void>;
  const dueIds = async (now: number) =>
    (await createActiveIndex(client, tableName, KIND).due(now, 100)).map((item) => unmarshall(item).pk);
  const read = async (id: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(key(id)), ConsistentRead: true }),
    );
    return Item ? unmarshall(Item) : undefined;
  };

  beforeEach(async () => {
    const opened = await engine.open();
    ({ client, tableName, close } = opened);
    lease = createLease(client, tableName, KIND);
  });
  afterEach(async () => close());

  it('creates an item once, at version 0 and due in the index', async () => {
    expect(await lease.create(key('a'), { status: 'pending', note: 'first' }, { dueAt: T0 })).toBe('created');
    expect(await lease.create(key('a'), { status: 'pending', note: 'second' }, { dueAt: T0 })).toBe('exists');
    expect(await read('a')).toMatchObject({ version: 0, activeKind: KIND, dueAt: T0, note: 'first' });
    expect(await dueIds(T0)).toEqual(['TEST#a']);
    expect(await dueIds(T0 - 1)).toEqual([]);
  });

  it('lets exactly one of many racing claims take an item, by version or by state', async () => {
    await lease.create(key('v'), {}, { dueAt: T0 });
    const byVersion = await Promise.all(
      Array.from({ length: 5 }, () => lease.claim(key('v'), { version: 0, now: T0, until: T0 + LEASE_MS })),
    );
    expect(byVersion.filter((r) => r.won)).toHaveLength(1);

    await lease.create(key('s'), { status: 'pending', attempts: 0 }, { dueAt: T0 });
    const byState = await Promise.all(
      Array.from({ length: 5 }, () =>
        lease.claim(key('s'), {
          status: ['pending', 'running'],
          now: T0,
          until: T0 + LEASE_MS,
          changes: { status: 'running' },
          increment: ['attempts'],
        }),
      ),
    );
    expect(byState.filter((r) => r.won)).toHaveLength(1);
    expect(await read('s')).toMatchObject({ status: 'running', attempts: 1, version: 1, dueAt: T0 + LEASE_MS });
  });

  it('holds a claimed item until its lease ends, then lets another run take it over', async () => {
    await lease.create(key('a'), { status: 'pending' }, { dueAt: T0 });
    const byState = { status: ['pending', 'running'], changes: { status: 'running' } } as const;
    const first = await lease.claim(key('a'), { ...byState, now: T0, until: T0 + LEASE_MS });
    expect(first).toMatchObject({ won: true, item: { version: 1, dueAt: T0 + LEASE_MS } });
    // Still in the index, due at the lease end: a taker that dies leaves it due again then.
    expect(await dueIds(T0 + LEASE_MS - 1)).toEqual([]);
    expect(await lease.claim(key('a'), { ...byState, now: T0 + LEASE_MS - 1, until: T0 + 2 * LEASE_MS })).toEqual({
      won: false,
    });
    expect(await dueIds(T0 + LEASE_MS)).toEqual(['TEST#a']);
    const second = await lease.claim(key('a'), { version: 1, now: T0 + LEASE_MS, until: T0 + 2 * LEASE_MS });
    expect(second).toMatchObject({ won: true, item: { version: 2, dueAt: T0 + 2 * LEASE_MS } });
  });

  it('refuses every write of a run whose lease was taken over', async () => {
    await lease.create(key('a'), {}, { dueAt: T0 });
    const first = wonOrThrow(await lease.claim(key('a'), { version: 0, now: T0, until: T0 + LEASE_MS }), 'a');
    await lease.claim(key('a'), { version: 1, now: T0 + LEASE_MS, until: T0 + 2 * LEASE_MS });
    const stale = { version: first.version as number, now: T0 + LEASE_MS + 1 };
    expect(await lease.extend(key('a'), { ...stale, until: T0 + 3 * LEASE_MS })).toEqual({ won: false });
    expect(await lease.update(key('a'), { ...stale, changes: { note: 'late' } })).toEqual({ won: false });
    expect(await lease.reschedule(key('a'), { ...stale, at: T0 })).toEqual({ won: false });
    expect(await lease.release(key('a'), { ...stale, changes: { status: 'done' } })).toEqual({ won: false });
    expect(await lease.remove(key('a'), stale)).toBe(false);
    expect(() => wonOrThrow({ won: false }, 'item a')).toThrow(ConditionFailedError);
    expect(await read('a')).toMatchObject({ version: 2, dueAt: T0 + 2 * LEASE_MS, activeKind: KIND });
    expect(await read('a')).not.toHaveProperty('note');
  });

  it('extends a held lease and records progress under it', async () => {
    await lease.create(key('a'), {}, { dueAt: T0 });
    await lease.claim(key('a'), { version: 0, now: T0, until: T0 + LEASE_MS });
    expect(await lease.extend(key('a'), { version: 1, now: T0 + 10, until: T0 + 10 + LEASE_MS })).toMatchObject({
      won: true,
      item: { version: 2, dueAt: T0 + 10 + LEASE_MS },
    });
    expect(await lease.update(key('a'), { version: 2, now: T0 + 20, changes: { replyTs: '1.2' } })).toMatchObject({
      won: true,
      item: { version: 3, dueAt: T0 + 10 + LEASE_MS, replyTs: '1.2', updatedAt: T0 + 20 },
    });
  });

  it('takes a released item out of the index for good, and puts a rescheduled one back', async () => {
    await lease.create(key('a'), {}, { dueAt: T0 });
    await lease.create(key('b'), {}, { dueAt: T0 });
    await lease.claim(key('a'), { version: 0, now: T0, until: T0 + LEASE_MS });
    await lease.claim(key('b'), { version: 0, now: T0, until: T0 + LEASE_MS });

    expect(await lease.release(key('a'), { version: 1, now: T0 + 1, changes: { status: 'done' } })).toMatchObject({
      won: true,
    });
    const released = await read('a');
    expect(released).toMatchObject({ status: 'done', version: 2 });
    expect(released).not.toHaveProperty('activeKind');
    expect(released).not.toHaveProperty('dueAt');

    await lease.reschedule(key('b'), { version: 1, now: T0 + 1, at: T0 + 5_000, changes: { status: 'pending' } });
    expect(await dueIds(T0 + 4_999)).toEqual([]);
    expect(await dueIds(T0 + 10 * LEASE_MS)).toEqual(['TEST#b']);
    expect(await createActiveIndex(client, tableName, KIND).any()).toBe(true);

    // Rescheduling also brings a released item back into the index (a failed job replayed).
    await lease.reschedule(key('a'), { version: 2, now: T0 + 2, at: T0 + 2 });
    expect(await dueIds(T0 + 10 * LEASE_MS)).toEqual(['TEST#a', 'TEST#b']);
  });

  it('deletes a finished item only for the run holding it', async () => {
    await lease.create(key('a'), {}, { dueAt: T0 });
    await lease.claim(key('a'), { version: 0, now: T0, until: T0 + LEASE_MS });
    expect(await lease.remove(key('a'), { version: 0 })).toBe(false);
    expect(await lease.remove(key('a'), { version: 1 })).toBe(true);
    expect(await read('a')).toBeUndefined();
    expect(await dueIds(T0 + 10 * LEASE_MS)).toEqual([]);
  });

  it('never creates an item by writing to a missing key, and reads an item written without a version as version 0', async () => {
    expect(await lease.update(key('missing'), { version: 0, now: T0, changes: { note: 'x' } })).toEqual({
      won: false,
    });
    expect(await read('missing')).toBeUndefined();
    // An alert flush written before flushes carried a version.
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({ ...key('old'), activeKind: KIND, dueAt: T0 }),
      }),
    );
    expect(await lease.claim(key('old'), { version: 0, now: T0, until: T0 + LEASE_MS })).toMatchObject({
      won: true,
      item: { version: 1, dueAt: T0 + LEASE_MS },
    });
  });

  it('leases an item that is read by its key without ever putting it in the index', async () => {
    const unlisted = createLease(client, tableName, undefined);
    await unlisted.create(key('cursor'), { lastSeenAt: T0 }, { dueAt: T0 + 60_000 });
    await unlisted.reschedule(key('cursor'), { version: 0, now: T0, at: T0 });
    expect(await read('cursor')).toMatchObject({ dueAt: T0, version: 1 });
    expect(await read('cursor')).not.toHaveProperty('activeKind');
  });
});
