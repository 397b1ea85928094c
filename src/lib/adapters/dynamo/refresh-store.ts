import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RefreshStore } from '../../app/ports/refresh-store.js';
import type { Refresh } from '../../core/refresh.js';
import { REFRESH_POLICY } from '../../core/refresh.js';
import { refreshItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { createLease, wonOrThrow } from './lease.js';

const KIND = 'REFRESH';
const key = (connectionId: string) => ({ pk: `REFRESH#${connectionId}`, sk: 'CURRENT' });

export function createDynamoRefreshStore(client: DynamoDBClient, tableName: string): RefreshStore {
  const active = createActiveIndex(client, tableName, KIND);
  const lease = createLease(client, tableName, KIND);
  const store: RefreshStore = {
    async claim(input, now, startingUntil) {
      const refresh: Refresh = { ...input, status: 'starting', version: 0, checks: 0, startingUntil };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              { ...key(input.connectionId), ...refresh, expiresAt: expiry(now) },
              { removeUndefinedValues: true },
            ),
            // Free when there is no item, the last refresh is done, or a starting one was abandoned by its job;
            // never this job's own, which a retry resumes instead of starting a second refresh.
            ConditionExpression:
              'attribute_not_exists(pk) OR (jobId <> :jobId AND (#status = :done OR (#status = :starting AND startingUntil < :now)))',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({
              ':done': 'done',
              ':starting': 'starting',
              ':now': now,
              ':jobId': input.jobId,
            }),
          }),
        );
        return { kind: 'claimed', refresh };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const holder = await store.get(input.connectionId);
      // The item can only have become free again between the two calls; treat that as taken and let the person retry.
      if (!holder) return { kind: 'taken', refresh };
      return { kind: holder.jobId === input.jobId ? 'resumed' : 'taken', refresh: holder };
    },

    async get(connectionId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(key(connectionId)), ConsistentRead: true }),
      );
      return Item ? toRefresh(unmarshall(Item)) : undefined;
    },

    async save(refresh, changes, now) {
      const status = changes.status ?? refresh.status;
      const write = { version: refresh.version, now, changes: { ...changes, expiresAt: expiry(now) } };
      const k = key(refresh.connectionId);
      // Only pending and finishing refreshes sit in the due index: a finishing one holds a lease its poster
      // must outlive, a pending one is due for its next check; starting and done ones leave it.
      const written =
        status === 'done' || status === 'starting'
          ? await lease.release(k, write)
          : changes.dueAt === undefined
            ? await lease.update(k, write)
            : status === 'finishing'
              ? await lease.extend(k, { ...write, until: changes.dueAt })
              : await lease.reschedule(k, { ...write, at: changes.dueAt });
      return toRefresh(wonOrThrow(written, `refresh of ${refresh.connectionId}`));
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map((item) => toRefresh(unmarshall(item))),
    listActive: async (limit) =>
      (await active.due(Number.MAX_SAFE_INTEGER, limit)).map((item) => toRefresh(unmarshall(item))),
    hasActive: () => active.any(),
  };
  return store;
}

/** TTL: a finished refresh cleans itself up this long after its last change. */
const expiry = (now: number) => Math.floor(now / 1000) + REFRESH_POLICY.keepDays * 86_400;

function toRefresh(item: Record<string, unknown>): Refresh {
  const { pk: _pk, sk: _sk, ...refresh } = refreshItemSchema.parse(item);
  return refresh;
}
