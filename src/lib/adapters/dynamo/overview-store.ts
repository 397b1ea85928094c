import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OverviewStore } from '../../app/ports/overview-store.js';
import type { SlackMessage } from '../../core/message.js';
import { overviewItemSchema } from '../../schemas/items.js';

// Read only while fresh (seconds); TTL only sweeps what nobody asked for again.
const KEEP_SECONDS = 3_600;
const key = (teamId: string, commandName: string) => marshall({ pk: `OVERVIEW#${teamId}`, sk: commandName });

/** `OVERVIEW#<team>` / `<command name>`: the last overview, overwritten by each new sweep. */
export function createDynamoOverviewStore(client: DynamoDBClient, tableName: string): OverviewStore {
  return {
    async read(teamId, commandName) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key(teamId, commandName) }));
      const parsed = overviewItemSchema.safeParse(Item && unmarshall(Item));
      return parsed.success
        ? { message: JSON.parse(parsed.data.message) as SlackMessage, at: parsed.data.at }
        : undefined;
    },
    async write(teamId, commandName, { message, at }) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(teamId, commandName),
            ...marshall({ message: JSON.stringify(message), at, expiresAt: Math.floor(at / 1000) + KEEP_SECONDS }),
          },
        }),
      );
    },
  };
}
