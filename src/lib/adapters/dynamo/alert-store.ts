import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlertStore, Flush } from '../../app/ports/alert-store.js';
import type { AlertEntry } from '../../core/alerts.js';
import { ConditionFailedError } from '../../errors.js';
import { alertEntrySchema, alertStateSchema, flushItemSchema, watchItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { batchWrite } from './batch-write.js';
import { createLease } from './lease.js';
import { queryPartition } from './query-partition.js';
import { putIfAbsent, versionedUpdate } from './versioned-update.js';

const KIND = 'ALERT';
const watchKeys = (channelId: string, syncId: string) => [
  { pk: `WATCH#${syncId}`, sk: channelId },
  { pk: `WATCHES#${channelId}`, sk: syncId },
];
const outboxKey = (channelId: string, entry: Pick<AlertEntry, 'at' | 'eventId'>) => ({
  pk: `OUTBOX#${channelId}`,
  sk: `${new Date(entry.at).toISOString()}#${entry.eventId}`,
});
const flushKey = (channelId: string) => ({ pk: `ALERTFLUSH#${channelId}`, sk: 'FLUSH' });
const stateKey = (channelId: string, syncId: string) => ({ pk: `ALERTSTATE#${channelId}`, sk: syncId });

export function createDynamoAlertStore(client: DynamoDBClient, tableName: string): AlertStore {
  const active = createActiveIndex(client, tableName, KIND);
  const lease = createLease(client, tableName, KIND);

  const write = (requests: WriteRequest[]) => batchWrite(client, tableName, requests);

  // A flush already due keeps its time: the batch window starts with the first entry, not the last.
  const scheduleFlush = async (channelId: string, at: number): Promise<void> => {
    await lease.create(flushKey(channelId), { channelId }, { dueAt: at });
  };

  const query = (pk: string) => queryPartition(client, tableName, pk);

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

    dueFlushes: async (now, limit) => (await active.due(now, limit)).map((item) => toFlush(unmarshall(item))),
    hasPendingFlush: () => active.any(),
    async claimFlush(flush, leaseUntil, now) {
      const claimed = await lease.claim(flushKey(flush.channelId), { version: flush.version, now, until: leaseUntil });
      return claimed.won ? toFlush(claimed.item) : undefined;
    },
    async releaseFlush(held, now, retryAt) {
      const { channelId, version } = held;
      if (retryAt === undefined) await lease.remove(flushKey(channelId), { version });
      else await lease.reschedule(flushKey(channelId), { version, now, at: retryAt });
    },

    async state(channelId, syncId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(stateKey(channelId, syncId)), ConsistentRead: true }),
      );
      return Item ? alertStateSchema.parse(unmarshall(Item)) : undefined;
    },
    async saveState(channelId, syncId, previous, next, now) {
      const what = `alert state ${channelId}/${syncId}`;
      const key = stateKey(channelId, syncId);
      if (previous) {
        const changes = { ...next, threadTs: next.threadTs };
        return alertStateSchema.parse(
          await versionedUpdate(client, tableName, { key, version: previous.version, changes, now, what }),
        );
      }
      if (!(await putIfAbsent(client, tableName, { ...key, ...next, version: 0, updatedAt: now })))
        throw new ConditionFailedError(what);
      return { ...next, version: 0 };
    },
  };
}

/** An alert flush item; one written before flushes carried a version is at version 0. */
const toFlush = (item: Record<string, unknown>): Flush => {
  const { channelId, version } = flushItemSchema.parse(item);
  return { channelId, version: version ?? 0 };
};
