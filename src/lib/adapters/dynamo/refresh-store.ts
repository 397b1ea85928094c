import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RefreshStore } from '../../app/ports/refresh-store.js';
import type { Refresh } from '../../core/refresh.js';
import { REFRESH_POLICY } from '../../core/refresh.js';
import { refreshItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { versionedUpdate } from './versioned-update.js';

const KIND = 'REFRESH';
const key = (connectionId: string) => marshall({ pk: `REFRESH#${connectionId}`, sk: 'CURRENT' });

export function createDynamoRefreshStore(client: DynamoDBClient, tableName: string): RefreshStore {
  const active = createActiveIndex(client, tableName, KIND);
  const store: RefreshStore = {
    async claim(input, now, startingUntil) {
      const refresh: Refresh = { ...input, status: 'starting', version: 0, checks: 0, startingUntil };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(
              { pk: `REFRESH#${input.connectionId}`, sk: 'CURRENT', ...refresh, expiresAt: expiry(now) },
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
        new GetItemCommand({ TableName: tableName, Key: key(connectionId), ConsistentRead: true }),
      );
      return Item ? toRefresh(Item) : undefined;
    },

    async save(refresh, changes, now) {
      const watched =
        (changes.status ?? refresh.status) !== 'done' && (changes.status ?? refresh.status) !== 'starting';
      const attributes = await versionedUpdate(client, {
        tableName,
        key: key(refresh.connectionId),
        version: refresh.version,
        // Only pending and finishing refreshes sit in the due index; the rest leave it.
        changes: {
          ...changes,
          activeKind: watched ? KIND : undefined,
          ...(watched ? {} : { dueAt: undefined }),
          expiresAt: expiry(now),
        },
        now,
        what: `refresh of ${refresh.connectionId}`,
      });
      return toRefresh(attributes);
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map(toRefresh),
    hasActive: () => active.any(),
  };
  return store;
}

/** TTL: a finished refresh cleans itself up this long after its last change. */
const expiry = (now: number) => Math.floor(now / 1000) + REFRESH_POLICY.keepDays * 86_400;

function toRefresh(item: Record<string, AttributeValue>): Refresh {
  const { pk: _pk, sk: _sk, ...refresh } = refreshItemSchema.parse(unmarshall(item));
  return refresh;
}
