import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OverviewStore } from '../../app/ports/overview-store.js';
import type { Connection } from '../../core/connection.js';
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
      if (!parsed.success) return undefined;
      const { rows, connections, at } = parsed.data;
      return {
        rows: JSON.parse(rows) as SyncOverviewRow[],
        connections: connections === undefined ? undefined : (JSON.parse(connections) as Connection[]),
        at,
      };
    },
    async write(teamId, { rows, connections, at }) {
      const item = {
        rows: JSON.stringify(rows),
        connections: connections && JSON.stringify(connections),
        at,
        expiresAt: Math.floor(at / 1000) + KEEP_SECONDS,
      };
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(teamId), ...marshall(item, { removeUndefinedValues: true }) },
        }),
      );
    },
  };
}
