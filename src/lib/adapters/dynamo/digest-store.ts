import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DigestStore } from '../../app/ports/digest-store.js';
import type { DigestSubscription } from '../../core/digest.js';
import { digestItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { versionedUpdate } from './versioned-update.js';

const KIND = 'DIGEST';
const key = (channelId: string, id: string) => marshall({ pk: `DIGEST#${channelId}`, sk: `SUB#${id}` });

export function createDynamoDigestStore(client: DynamoDBClient, tableName: string): DigestStore {
  const active = createActiveIndex(client, tableName, KIND);
  return {
    async create(subscription) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              {
                pk: `DIGEST#${subscription.channelId}`,
                sk: `SUB#${subscription.id}`,
                ...subscription,
                activeKind: KIND,
                dueAt: subscription.nextRunAt,
              },
              { removeUndefinedValues: true },
            ),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        throw error;
      }
    },

    async listForChannel(channelId) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
          ExpressionAttributeValues: marshall({ ':pk': `DIGEST#${channelId}`, ':sub': 'SUB#' }),
        }),
      );
      return Items.map(toSubscription).sort((a, b) => a.createdAt - b.createdAt);
    },

    async remove(channelId, id) {
      const { Attributes } = await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: key(channelId, id), ReturnValues: 'ALL_OLD' }),
      );
      return Attributes !== undefined;
    },

    async save(subscription, changes, now) {
      const paused = 'paused' in changes ? changes.paused : subscription.paused;
      const attributes = await versionedUpdate(client, {
        tableName,
        key: key(subscription.channelId, subscription.id),
        version: subscription.version,
        changes: { ...changes, ...(paused ? { activeKind: undefined, dueAt: undefined } : {}) },
        now,
        what: `digest ${subscription.id}`,
      });
      return toSubscription(attributes);
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map(toSubscription),
  };
}

function toSubscription(item: Record<string, AttributeValue>): DigestSubscription {
  return digestItemSchema.parse(unmarshall(item));
}
