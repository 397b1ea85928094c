import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ACTIVE_INDEX } from './table.js';

/**
 * Reads the sparse `active-by-due` index for one kind of work. Only unfinished items carry `activeKind`,
 * so this costs in proportion to the pending work, never the table's size.
 */
export function createActiveIndex(client: DynamoDBClient, tableName: string, kind: string) {
  return {
    /** Items due by `now`, the longest overdue first. */
    async due(now: number, limit: number): Promise<Record<string, AttributeValue>[]> {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ACTIVE_INDEX,
          KeyConditionExpression: 'activeKind = :kind AND dueAt <= :now',
          ExpressionAttributeValues: marshall({ ':kind': kind, ':now': now }),
          Limit: limit,
        }),
      );
      return Items;
    },
    /** Whether any item of this kind is unfinished, due now or later. */
    async any(): Promise<boolean> {
      const { Count = 0 } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ACTIVE_INDEX,
          KeyConditionExpression: 'activeKind = :kind',
          ExpressionAttributeValues: marshall({ ':kind': kind }),
          Limit: 1,
        }),
      );
      return Count > 0;
    },
  };
}
