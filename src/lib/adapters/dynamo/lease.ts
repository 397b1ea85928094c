import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ConditionFailedError } from '../../errors.js';
import type { Condition, ItemKey } from './versioned-update.js';
import { conditionalUpdate, putIfAbsent, versionCondition } from './versioned-update.js';

/** What a lease write came to: the item as written, or `won: false` when another run changed it first. */
export type LeaseWrite = { won: true; item: Record<string, unknown> } | { won: false };

/** How a claim knows the item is still the one to take: the version read, or its state now. */
type Taken =
  | { version: number }
  | {
      /** The statuses it may be taken from. */
      status: readonly string[];
      /** Counters that must still be below these values, e.g. attempts. */
      below?: Record<string, number>;
    };

interface Write {
  version: number;
  now: number;
  /** Other attributes written in the same conditional update; one set to `undefined` is removed. */
  changes?: Record<string, unknown>;
}

/**
 * Leased work over the one sparse index: an item due at `dueAt` sits in `active-by-due` under `kind` while it
 * has work left; a run takes it by moving `dueAt` to its lease end, so should the run die the item is due
 * again then and the next run takes it over. Every write is conditional on the version read and bumps it,
 * so a run whose lease was taken over can no longer write; losing is a result (`won: false`), not an error.
 * Without a `kind` the item is leased the same way but read by its key, never listed (the event cursor).
 * Listing what is due is `createActiveIndex`'s.
 */
export function createLease(client: DynamoDBClient, tableName: string, kind: string | undefined) {
  const indexed = kind === undefined ? {} : { activeKind: kind };
  const write = async (
    key: ItemKey,
    input: Omit<Write, 'version'> & { version?: number; increment?: readonly string[]; conditions?: Condition[] },
    index: Record<string, unknown>,
  ): Promise<LeaseWrite> => {
    const item = await conditionalUpdate(client, tableName, {
      key,
      version: input.version,
      now: input.now,
      changes: { ...input.changes, ...index },
      increment: input.increment,
      conditions: input.conditions,
    });
    return item ? { won: true, item } : { won: false };
  };

  return {
    /** Writes a new item at version 0, due at `dueAt`; `exists` when one has its key already. */
    async create(
      key: ItemKey,
      attributes: object,
      options: { dueAt: number; signal?: AbortSignal },
    ): Promise<'created' | 'exists'> {
      const item = { ...key, ...attributes, version: 0, ...indexed, dueAt: options.dueAt };
      return (await putIfAbsent(client, tableName, item, { signal: options.signal })) ? 'created' : 'exists';
    },

    /**
     * Takes a due item until `until`. Conditional on the version read (the caller saw it due, in the index or by
     * its key) or, taken by its key alone (a job from the stream), on being due now in one of `status`.
     */
    claim: (key: ItemKey, input: Omit<Write, 'version'> & { until: number; increment?: readonly string[] } & Taken) =>
      write(
        key,
        {
          ...input,
          conditions:
            'version' in input
              ? []
              : [
                  { path: 'dueAt', is: '<=', value: input.now },
                  { path: 'status', oneOf: input.status },
                  ...Object.entries(input.below ?? {}).map(([path, value]) => ({ path, is: '<' as const, value })),
                ],
        },
        { dueAt: input.until },
      ),

    /** Holds an item this run has (or is taking from a state it read) until `until`. */
    extend: (key: ItemKey, input: Write & { until: number }) => write(key, input, { dueAt: input.until }),

    /** Records progress without touching the lease. */
    update: (key: ItemKey, input: Write) => write(key, input, {}),

    /** Gives the item back (or puts it in the index the first time), due again at `at`. */
    reschedule: (key: ItemKey, input: Write & { at: number }) => write(key, input, { ...indexed, dueAt: input.at }),

    /** Finishes the item: it leaves the index and is never handed out again. */
    release: (key: ItemKey, input: Write) => write(key, input, { activeKind: undefined, dueAt: undefined }),

    /** Finishes an item that has nothing left to keep by deleting it. */
    async remove(key: ItemKey, input: Pick<Write, 'version'>): Promise<boolean> {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: marshall(key),
            ConditionExpression: versionCondition(input.version),
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: marshall({ ':version': input.version }),
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

export type Lease = ReturnType<typeof createLease>;

/** The item a lease write must not lose; a lost race throws, naming `what` (for writes in the middle of work). */
export function wonOrThrow(result: LeaseWrite, what: string): Record<string, unknown> {
  if (!result.won) throw new ConditionFailedError(what);
  return result.item;
}
