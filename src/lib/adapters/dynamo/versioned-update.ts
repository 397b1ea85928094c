import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ConditionFailedError } from '../../errors.js';

/**
 * Writes `changes` to an item only if its `version` is still the one read, and bumps it: the one
 * mechanism behind every state change, so overlapping runs and retries lose cleanly instead of
 * overwriting each other. A change to `undefined` removes the attribute.
 */
export async function versionedUpdate(
  client: DynamoDBClient,
  input: {
    tableName: string;
    key: Record<string, AttributeValue>;
    version: number;
    changes: Record<string, unknown>;
    now: number;
    what: string;
  },
): Promise<Record<string, AttributeValue>> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':version': input.version, ':next': input.version + 1, ':now': input.now };
  const set = ['#version = :next', '#updatedAt = :now'];
  const remove: string[] = [];
  Object.entries(input.changes).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) {
      remove.push(`#f${i}`);
    } else {
      values[`:v${i}`] = value;
      set.push(`#f${i} = :v${i}`);
    }
  });
  try {
    const { Attributes } = await client.send(
      new UpdateItemCommand({
        TableName: input.tableName,
        Key: input.key,
        ConditionExpression: '#version = :version',
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ConditionFailedError(input.what, { cause: error });
    throw error;
  }
}
