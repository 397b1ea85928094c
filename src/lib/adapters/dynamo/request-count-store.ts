import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { RequestCountStore } from '../../app/ports/request-count-store.js';

// A window's counter is useless once it ends; the margin keeps it readable for a look during an incident.
const KEEP_AFTER_WINDOW_SECONDS = 3_600;

/** One item per person and window (`LIMIT#<team>#<user>` / window start), counted with a conditional ADD. */
export function createDynamoRequestCountStore(client: DynamoDBClient, tableName: string): RequestCountStore {
  return {
    async take({ teamId, userId, windowStart, windowEnd, limit }) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall({ pk: `LIMIT#${teamId}#${userId}`, sk: String(windowStart) }),
            // The condition makes the count stop at the limit: a refused request is not counted.
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: marshall({
              ':one': 1,
              ':limit': limit,
              ':expiresAt': Math.floor(windowEnd / 1000) + KEEP_AFTER_WINDOW_SECONDS,
            }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
