import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventCursorStore } from '../../app/ports/event-cursor-store.js';
import type { EventCursor } from '../../schemas/items.js';
import { eventCursorItemSchema } from '../../schemas/items.js';
import { createLease, wonOrThrow } from './lease.js';

const KEY = { pk: 'EVENTS#CURSOR', sk: 'CURRENT' };

/** The catch-up's cursor: one leased item, read by its key (it is never listed, so it is not in the index). */
export function createDynamoEventCursorStore(client: DynamoDBClient, tableName: string): EventCursorStore {
  const lease = createLease(client, tableName, undefined);
  return {
    async get() {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(KEY), ConsistentRead: true }),
      );
      return Item ? toCursor(unmarshall(Item)) : undefined;
    },
    async claim(previous, lastSeenAt, until, now) {
      if (!previous) {
        const created = await lease.create(KEY, { lastSeenAt }, { dueAt: until });
        return created === 'created' ? { lastSeenAt, dueAt: until, version: 0 } : undefined;
      }
      // `nextReadAt` is where a cursor written before the lease helper kept its lease end.
      const changes = { lastSeenAt, nextReadAt: undefined };
      const claimed = await lease.claim(KEY, { version: previous.version, now, until, changes });
      return claimed.won ? toCursor(claimed.item) : undefined;
    },
    async advance(held, lastSeenAt, now) {
      return toCursor(
        wonOrThrow(await lease.update(KEY, { version: held.version, now, changes: { lastSeenAt } }), 'event cursor'),
      );
    },
  };
}

function toCursor(item: Record<string, unknown>): EventCursor {
  const { lastSeenAt, dueAt, nextReadAt, version } = eventCursorItemSchema.parse(item);
  return { lastSeenAt, dueAt: dueAt ?? nextReadAt ?? 0, version };
}
