import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventCursorStore } from '../../app/ports/event-cursor-store.js';
import { ConditionFailedError } from '../../errors.js';
import * as z from '../../schemas/zod.js';
import { versionedUpdate } from './versioned-update.js';

const cursorSchema = z.object({ lastSeenAt: z.number(), nextReadAt: z.number(), version: z.number() });
const KEY = marshall({ pk: 'EVENTS#CURSOR', sk: 'CURRENT' });

export function createDynamoEventCursorStore(client: DynamoDBClient, tableName: string): EventCursorStore {
  return {
    async get() {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: KEY, ConsistentRead: true }));
      return Item ? cursorSchema.parse(unmarshall(Item)) : undefined;
    },
    async save(previous, next, now) {
      if (previous) {
        return cursorSchema.parse(
          unmarshall(
            await versionedUpdate(client, {
              tableName,
              key: KEY,
              version: previous.version,
              changes: next,
              now,
              what: 'event cursor',
            }),
          ),
        );
      }
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { ...KEY, ...marshall({ ...next, version: 0 }) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { ...next, version: 0 };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConditionFailedError('event cursor', { cause: error });
        throw error;
      }
    },
  };
}
