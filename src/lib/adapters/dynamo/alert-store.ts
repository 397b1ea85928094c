import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlertStore } from '../../app/ports/alert-store.js';
import type { AlertEntry } from '../../core/alerts.js';
import { ConditionFailedError } from '../../errors.js';
import { alertEntrySchema, alertStateSchema, watchItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { batchWrite } from './batch-write.js';
import { versionedUpdate } from './versioned-update.js';

const KIND = 'ALERT';
const watchKeys = (channelId: string, syncId: string) => [
  { pk: `WATCH#${syncId}`, sk: channelId },
  { pk: `WATCHES#${channelId}`, sk: syncId },
];
const outboxKey = (channelId: string, entry: Pick<AlertEntry, 'at' | 'eventId'>) => ({
  pk: `OUTBOX#${channelId}`,
  sk: `${new Date(entry.at).toISOString()}#${entry.eventId}`,
});
const flushKey = (channelId: string) => marshall({ pk: `ALERTFLUSH#${channelId}`, sk: 'FLUSH' });
const stateKey = (channelId: string, syncId: string) => marshall({ pk: `ALERTSTATE#${channelId}`, sk: syncId });

export function createDynamoAlertStore(client: DynamoDBClient, tableName: string): AlertStore {
  const active = createActiveIndex(client, tableName, KIND);

  const write = (requests: WriteRequest[]) => batchWrite(client, tableName, requests);

  async function scheduleFlush(channelId: string, at: number): Promise<void> {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...flushKey(channelId), ...marshall({ channelId, activeKind: KIND, dueAt: at }) },
          // A flush already due keeps its time: the batch window starts with the first entry, not the last.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async function query(pk: string): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      // Consistent: a flush that just finished looks again for entries queued while it posted, and must see them.
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': pk }),
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  return {
    async putWatch(watch) {
      await write(
        watchKeys(watch.channelId, watch.syncId).map((key) => ({
          PutRequest: { Item: marshall({ ...key, ...watch }, { removeUndefinedValues: true }) },
        })),
      );
    },
    async removeWatch(channelId, syncId) {
      const existing = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(watchKeys(channelId, syncId)[1]!) }),
      );
      if (!existing.Item) return false;
      await write(watchKeys(channelId, syncId).map((key) => ({ DeleteRequest: { Key: marshall(key) } })));
      return true;
    },
    watchesOfChannel: async (channelId) =>
      (await query(`WATCHES#${channelId}`)).map((item) => watchItemSchema.parse(unmarshall(item))),
    async watchersOf(syncId) {
      const [direct, all] = await Promise.all([query(`WATCH#${syncId}`), query('WATCH#ALL')]);
      return [...direct, ...all].map((item) => watchItemSchema.parse(unmarshall(item)));
    },

    async enqueue(channelId, entry, flushAt) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({ ...outboxKey(channelId, entry), ...entry }, { removeUndefinedValues: true }),
        }),
      );
      await scheduleFlush(channelId, flushAt);
    },
    scheduleFlush,
    outbox: async (channelId) =>
      (await query(`OUTBOX#${channelId}`)).map((item) => alertEntrySchema.parse(unmarshall(item))),
    dropFromOutbox: (channelId, entries) =>
      write(entries.map((entry) => ({ DeleteRequest: { Key: marshall(outboxKey(channelId, entry)) } }))),

    dueFlushes: async (now, limit) =>
      (await active.due(now, limit)).map((item) => {
        const { channelId, dueAt } = unmarshall(item) as { channelId: string; dueAt: number };
        return { channelId, dueAt };
      }),
    hasPendingFlush: () => active.any(),
    async claimFlush(channelId, dueAt, leaseUntil) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: flushKey(channelId),
            ConditionExpression: 'dueAt = :dueAt',
            UpdateExpression: 'SET dueAt = :lease',
            ExpressionAttributeValues: marshall({ ':dueAt': dueAt, ':lease': leaseUntil }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async releaseFlush(channelId, leaseUntil, retryAt) {
      // Conditional on the lease: a flush that outlived it has been taken over, and is the other run's now.
      const mine = { Key: flushKey(channelId), ConditionExpression: 'dueAt = :lease' };
      try {
        await client.send(
          retryAt === undefined
            ? new DeleteItemCommand({
                TableName: tableName,
                ...mine,
                ExpressionAttributeValues: marshall({ ':lease': leaseUntil }),
              })
            : new UpdateItemCommand({
                TableName: tableName,
                ...mine,
                UpdateExpression: 'SET dueAt = :retry',
                ExpressionAttributeValues: marshall({ ':lease': leaseUntil, ':retry': retryAt }),
              }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async state(channelId, syncId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: stateKey(channelId, syncId), ConsistentRead: true }),
      );
      return Item ? alertStateSchema.parse(unmarshall(Item)) : undefined;
    },
    async saveState(channelId, syncId, previous, next, now) {
      if (previous) {
        const changes = { ...next, threadTs: next.threadTs };
        const saved = await versionedUpdate(client, {
          tableName,
          key: stateKey(channelId, syncId),
          version: previous.version,
          changes,
          now,
          what: `alert state ${channelId}/${syncId}`,
        });
        return alertStateSchema.parse(unmarshall(saved));
      }
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...stateKey(channelId, syncId),
              ...marshall({ ...next, version: 0, updatedAt: now }, { removeUndefinedValues: true }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { ...next, version: 0 };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConditionFailedError(`alert state ${channelId}/${syncId}`, { cause: error });
        throw error;
      }
    },
  };
}
