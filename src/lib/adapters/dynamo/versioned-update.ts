import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConditionFailedError } from '../../errors.js';

export type ItemKey = { pk: string; sk: string };

/** A condition on one attribute besides the version: equal to, at most, below, or one of the values. */
export type Condition =
  | { path: string; is: '=' | '<=' | '<'; value: string | number }
  | { path: string; oneOf: readonly string[] };

export interface VersionedWrite {
  key: ItemKey;
  /** The version read. Omitted only by a claim conditioned on the item's state instead (a job taken by its id). */
  version?: number;
  now: number;
  /** Attributes to set; one set to `undefined` is removed. */
  changes: Record<string, unknown>;
  /** Attributes to add one to. */
  increment?: readonly string[];
  conditions?: readonly Condition[];
}

/**
 * Writes `changes` to an existing item only if its `version` is still the one read (and any other condition
 * holds), and bumps it: the one mechanism behind every state change, so overlapping runs and retries lose
 * cleanly instead of overwriting each other. Undefined when the condition failed: a lost race, not an error.
 */
export async function conditionalUpdate(
  client: DynamoDBClient,
  tableName: string,
  write: VersionedWrite,
): Promise<Record<string, unknown> | undefined> {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': write.now };
  // DynamoDB refuses a value the expressions do not use, so `:one` is there only when something counts up.
  if (write.version === undefined || write.increment?.length) values[':one'] = 1;
  const set = ['#updatedAt = :now'];
  const remove: string[] = [];
  // The item must exist: an update of a missing key would otherwise create it.
  const conditions = ['attribute_exists(pk)'];
  if (write.version === undefined) {
    set.push('#version = #version + :one');
  } else {
    values[':version'] = write.version;
    values[':next'] = write.version + 1;
    set.push('#version = :next');
    conditions.push(versionCondition(write.version));
  }
  Object.entries(write.changes).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) {
      remove.push(`#f${i}`);
    } else {
      values[`:f${i}`] = value;
      set.push(`#f${i} = :f${i}`);
    }
  });
  write.increment?.forEach((field, i) => {
    names[`#i${i}`] = field;
    set.push(`#i${i} = #i${i} + :one`);
  });
  write.conditions?.forEach((condition, i) => {
    names[`#c${i}`] = condition.path;
    if ('oneOf' in condition) {
      const options = condition.oneOf.map((value, j) => {
        values[`:c${i}_${j}`] = value;
        return `#c${i} = :c${i}_${j}`;
      });
      conditions.push(`(${options.join(' OR ')})`);
    } else {
      values[`:c${i}`] = condition.value;
      conditions.push(`#c${i} ${condition.is} :c${i}`);
    }
  });
  try {
    const { Attributes } = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(write.key),
        ConditionExpression: conditions.join(' AND '),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return unmarshall(Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** `#version` is the one read. An item written before it carried a version (an alert flush from an older deploy) is at 0. */
export const versionCondition = (version: number) =>
  version === 0 ? '(#version = :version OR attribute_not_exists(#version))' : '#version = :version';

/** `conditionalUpdate` for a write that must not be lost: a failed condition throws, naming `what`. */
export async function versionedUpdate(
  client: DynamoDBClient,
  tableName: string,
  write: VersionedWrite & { what: string },
): Promise<Record<string, unknown>> {
  const written = await conditionalUpdate(client, tableName, write);
  if (!written) throw new ConditionFailedError(write.what);
  return written;
}

/** Writes an item only if none has its key; false when one had (a duplicate, or another run first). */
export async function putIfAbsent(
  client: DynamoDBClient,
  tableName: string,
  item: ItemKey & Record<string, unknown>,
  options: { signal?: AbortSignal } = {},
): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      { abortSignal: options.signal },
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
