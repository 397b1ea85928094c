import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoEventCursorStore } from '../../../src/lib/adapters/dynamo/event-cursor-store.js';
import type { EventCursorStore } from '../../../src/lib/app/ports/event-cursor-store.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;

describe.each(engines)('event cursor store on $name', (engine) => {
  let store: EventCursorStore;
  let put: (item: Record<string, unknown>) => Promise<unknown>;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoEventCursorStore(opened.client, opened.tableName);
    put = (item) => opened.client.send(new PutItemCommand({ TableName: opened.tableName, Item: marshall(item) }));
    close = opened.close;
  });
  afterEach(async () => close());

  it('lets one of two first reads create the cursor, and one of two later reads take it', async () => {
    const first = await Promise.all([
      store.claim(undefined, T0, T0 + MINUTE, T0),
      store.claim(undefined, T0, T0 + MINUTE, T0),
    ]);
    expect(first.filter(Boolean)).toEqual([{ lastSeenAt: T0, dueAt: T0 + MINUTE, version: 0 }]);
    const read = (await store.get())!;
    const later = T0 + MINUTE;
    const second = await Promise.all([
      store.claim(read, read.lastSeenAt, later + MINUTE, later),
      store.claim(read, read.lastSeenAt, later + MINUTE, later),
    ]);
    expect(second.filter(Boolean)).toEqual([{ lastSeenAt: T0, dueAt: later + MINUTE, version: 1 }]);
  });

  it('records how far a held read got, and refuses a read whose cursor was taken since', async () => {
    const held = (await store.claim(undefined, T0, T0 + MINUTE, T0))!;
    expect(await store.advance(held, T0 + 5_000, T0 + 1)).toEqual({
      lastSeenAt: T0 + 5_000,
      dueAt: T0 + MINUTE,
      version: 1,
    });
    await expect(store.advance(held, T0 + 9_000, T0 + 2)).rejects.toBeInstanceOf(ConditionFailedError);
  });

  it('reads and takes a cursor stored before its lease end was called dueAt', async () => {
    await put({ pk: 'EVENTS#CURSOR', sk: 'CURRENT', lastSeenAt: T0, nextReadAt: T0 + MINUTE, version: 4 });
    const old = (await store.get())!;
    expect(old).toEqual({ lastSeenAt: T0, dueAt: T0 + MINUTE, version: 4 });
    expect(await store.claim(old, old.lastSeenAt, T0 + 2 * MINUTE, T0 + MINUTE)).toEqual({
      lastSeenAt: T0,
      dueAt: T0 + 2 * MINUTE,
      version: 5,
    });
  });
});
