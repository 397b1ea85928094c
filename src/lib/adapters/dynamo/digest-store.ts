import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DigestStore } from '../../app/ports/digest-store.js';
import type { DigestSubscription } from '../../core/digest.js';
import { digestItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { createLease, wonOrThrow } from './lease.js';

const KIND = 'DIGEST';
const key = (channelId: string, id: string) => ({ pk: `DIGEST#${channelId}`, sk: `SUB#${id}` });

export function createDynamoDigestStore(client: DynamoDBClient, tableName: string): DigestStore {
  const active = createActiveIndex(client, tableName, KIND);
  const lease = createLease(client, tableName, KIND);
  return {
    async create(subscription) {
      const { channelId, id, nextRunAt } = subscription;
      const created = await lease.create(key(channelId, id), subscription, { dueAt: nextRunAt });
      return created === 'created' ? 'created' : 'duplicate';
    },

    async listForChannel(channelId) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
          ExpressionAttributeValues: marshall({ ':pk': `DIGEST#${channelId}`, ':sub': 'SUB#' }),
        }),
      );
      return Items.map((item) => toSubscription(unmarshall(item))).sort((a, b) => a.createdAt - b.createdAt);
    },

    async remove(channelId, id) {
      const { Attributes } = await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: marshall(key(channelId, id)), ReturnValues: 'ALL_OLD' }),
      );
      return Attributes !== undefined;
    },

    async claim(subscription, posting, now) {
      const claimed = await lease.claim(key(subscription.channelId, subscription.id), {
        version: subscription.version,
        now,
        until: posting.until,
        changes: { posting },
      });
      return claimed.won ? toSubscription(claimed.item) : undefined;
    },

    async save(subscription, changes, now) {
      const paused = 'paused' in changes ? changes.paused : subscription.paused;
      const { dueAt, ...rest } = changes;
      const write = { version: subscription.version, now, changes: rest };
      const k = key(subscription.channelId, subscription.id);
      const written = paused
        ? await lease.release(k, write)
        : dueAt === undefined
          ? await lease.update(k, write)
          : await lease.reschedule(k, { ...write, at: dueAt });
      return toSubscription(wonOrThrow(written, `digest ${subscription.id}`));
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map((item) => toSubscription(unmarshall(item))),
  };
}

function toSubscription(item: Record<string, unknown>): DigestSubscription {
  return digestItemSchema.parse(item);
}
