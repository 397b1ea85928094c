import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { HomeViewStore } from '../../app/ports/home-view-store.js';
import { homeRepublishItemSchema, homeViewItemSchema } from '../../schemas/items.js';
import { createLease } from './lease.js';
import { queryPartition } from './query-partition.js';

const VIEWS = 'HOMEVIEW';
const REPUBLISH_KEY = { pk: 'HOMES', sk: 'REPUBLISH' };
/**
 * A view is kept two hours (the table's TTL; DynamoDB may take longer to delete it), past the half hour its Home
 * is republished for: the partition a republish reads stays about the size of the people using their Homes.
 */
const VIEW_KEEP_SECONDS = 2 * 60 * 60;
// A change racing the republish or another change: each try reads the version again.
const MARK_TRIES = 3;

/**
 * Home views, one item per person (`HOMEVIEW` / user id, overwritten at each view), and the republish: one
 * leased item read by its key, never listed (it is in no index: the poller reads it by key each tick).
 */
export function createDynamoHomeViewStore(client: DynamoDBClient, tableName: string): HomeViewStore {
  const lease = createLease(client, tableName, undefined);
  const readRepublish = async () => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(REPUBLISH_KEY), ConsistentRead: true }),
    );
    return Item ? homeRepublishItemSchema.parse(unmarshall(Item)) : undefined;
  };

  return {
    async viewed(view) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(
            { pk: VIEWS, sk: view.userId, ...view, expiresAt: Math.floor(view.at / 1000) + VIEW_KEEP_SECONDS },
            { removeUndefinedValues: true },
          ),
        }),
      );
    },
    async viewedSince(since, limit) {
      const views = (await queryPartition(client, tableName, VIEWS)).map((item) =>
        homeViewItemSchema.parse(unmarshall(item)),
      );
      return views
        .filter((view) => view.at >= since)
        .sort((a, b) => b.at - a.at)
        .slice(0, limit);
    },
    async markStale(now, gapMs) {
      for (let i = 0; i < MARK_TRIES; i++) {
        const item = await readRepublish();
        const at = Math.max(now, (item?.lastRunAt ?? Number.NEGATIVE_INFINITY) + gapMs);
        if (!item) {
          if ((await lease.create(REPUBLISH_KEY, {}, { dueAt: at })) === 'created') return;
          continue;
        }
        // Due by then: the run that takes it reads what changed. A run holds it until its lease end, later than
        // that, so a change made while one runs makes it due again; so does one after it finished.
        if (item.dueAt !== undefined && item.dueAt <= at) return;
        if ((await lease.reschedule(REPUBLISH_KEY, { version: item.version, now, at })).won) return;
      }
      throw new Error('the Home republish kept changing while a change was marked');
    },
    async claimDue(now, until) {
      const item = await readRepublish();
      if (!item || item.dueAt === undefined || item.dueAt > now) return undefined;
      const claimed = await lease.claim(REPUBLISH_KEY, {
        version: item.version,
        now,
        until,
        changes: { lastRunAt: now },
      });
      return claimed.won ? { version: homeRepublishItemSchema.parse(claimed.item).version } : undefined;
    },
    async finish(held, now) {
      return (await lease.release(REPUBLISH_KEY, { version: held.version, now })).won;
    },
  };
}
