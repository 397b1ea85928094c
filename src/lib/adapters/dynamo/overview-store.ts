import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OverviewStore } from '../../app/ports/overview-store.js';
import type { SyncOverviewRow } from '../../core/render-status.js';
import { overviewItemSchema } from '../../schemas/items.js';

// Fresh for 30 s (the caller decides); kept a week as the last good state a Home shows while Polytomic is down.
const KEEP_SECONDS = 7 * 24 * 3_600;
const key = (teamId: string) => marshall({ pk: `OVERVIEW#${teamId}`, sk: 'SWEEP' });

/** `OVERVIEW#<team>` / `SWEEP`: the last good sweep, overwritten by each new one. */
export function createDynamoOverviewStore(client: DynamoDBClient, tableName: string): OverviewStore {
  return {
    async read(teamId) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key(teamId) }));
      const parsed = overviewItemSchema.safeParse(Item && unmarshall(Item));
      return parsed.success
        ? { rows: JSON.parse(parsed.data.rows) as SyncOverviewRow[], at: parsed.data.at }
        : undefined;
    },
    async write(teamId, { rows, at }) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(teamId),
            ...marshall({ rows: JSON.stringify(rows), at, expiresAt: Math.floor(at / 1000) + KEEP_SECONDS }),
          },
        }),
      );
    },
  };
}
