import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PostStore } from '../../app/ports/post-store.js';
import { ConditionFailedError } from '../../errors.js';
import { postIntentItemSchema } from '../../schemas/items.js';
import type { ItemKey } from './versioned-update.js';
import { putIfAbsent } from './versioned-update.js';

// Post keys name one message each (a job's reply, a digest's run); a month outlives any retry of them.
const KEEP_DAYS = 30;
const itemKey = (postKey: string): ItemKey => ({ pk: `POST#${postKey}`, sk: 'POST' });
const key = (postKey: string) => marshall(itemKey(postKey));
const expiry = (since: number) => Math.floor(since / 1000) + KEEP_DAYS * 86_400;

export function createDynamoPostStore(client: DynamoDBClient, tableName: string): PostStore {
  const conditional = async (what: string, send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConditionFailedError(what, { cause: error });
      throw error;
    }
  };
  return {
    async begin(intent) {
      const intentItem = { ...itemKey(intent.key), ...intent, expiresAt: expiry(intent.since) };
      if (await putIfAbsent(client, tableName, intentItem)) return undefined;
      // Only on the recovery path: read what the earlier attempt recorded.
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(intent.key), ConsistentRead: true }),
      );
      if (!Item) throw new ConditionFailedError('post intent');
      const item = postIntentItemSchema.parse(unmarshall(Item));
      return { key: intent.key, channel: item.channel, threadTs: item.threadTs, since: item.since };
    },
    retake: (earlier, since) =>
      conditional('post intent', () =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(earlier.key),
            ConditionExpression: 'since = :earlier',
            UpdateExpression: 'SET since = :since, expiresAt = :expiresAt',
            ExpressionAttributeValues: marshall({
              ':earlier': earlier.since,
              ':since': since,
              ':expiresAt': expiry(since),
            }),
          }),
        ),
      ),
    forget: (intent) =>
      conditional('post intent', () =>
        client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: key(intent.key),
            ConditionExpression: 'since = :since',
            ExpressionAttributeValues: marshall({ ':since': intent.since }),
          }),
        ),
      ),
  };
}
