import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { JobStore } from '../../app/ports/job-store.js';
import type { Job } from '../../core/job.js';
import { JOB_POLICY } from '../../core/job.js';
import { UnreadableItemError } from '../../errors.js';
import { jobItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { versionedUpdate } from './versioned-update.js';

const JOB_KIND = 'JOB';
const key = (id: string) => marshall({ pk: `JOB#${id}`, sk: 'JOB' });

export function createDynamoJobStore(client: DynamoDBClient, tableName: string): JobStore {
  const active = createActiveIndex(client, tableName, JOB_KIND);
  const update = async (job: Job, changes: Record<string, unknown>, now: number): Promise<void> => {
    await versionedUpdate(client, {
      tableName,
      key: key(job.id),
      version: job.version,
      changes,
      now,
      what: `job ${job.id}`,
    });
  };

  const get = async (id: string): Promise<Job | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: key(id), ConsistentRead: true }),
    );
    return Item ? toJob(Item) : undefined;
  };

  return {
    async create(job, options = {}) {
      const item = {
        pk: `JOB#${job.id}`,
        sk: 'JOB',
        ...job,
        status: 'pending',
        attempts: 0,
        version: 0,
        activeKind: JOB_KIND,
        dueAt: job.createdAt,
        expiresAt: Math.floor(job.createdAt / 1000) + JOB_POLICY.keepDays * 86_400,
      };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(item, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
          { abortSignal: options.signal },
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        throw error;
      }
    },

    get,

    async claim(id, now, leaseUntil) {
      try {
        const { Attributes } = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(id),
            // Pending and due, or running with an expired lease (its worker died), and attempts left.
            ConditionExpression:
              'attribute_exists(pk) AND attempts < :max AND dueAt <= :now AND (#status = :pending OR #status = :running)',
            UpdateExpression:
              'SET #status = :running, attempts = attempts + :one, #version = #version + :one, dueAt = :lease, updatedAt = :now',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: marshall({
              ':max': JOB_POLICY.maxAttempts,
              ':now': now,
              ':pending': 'pending',
              ':running': 'running',
              ':one': 1,
              ':lease': leaseUntil,
            }),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? toJob(Attributes) : undefined;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },

    // Finishing removes activeKind and dueAt, which takes the job out of the sparse index.
    complete: (job, outcome, now) =>
      update(job, { status: 'done', outcome, activeKind: undefined, dueAt: undefined }, now),
    retryLater: (job, error, dueAt, now) => update(job, { status: 'pending', lastError: error, dueAt }, now),
    abandon: (job, error, now) =>
      update(job, { status: 'failed', lastError: error, activeKind: undefined, dueAt: undefined }, now),

    async setAside(id, reason, now) {
      // Unconditional on the version: an item that cannot be read has no version to trust.
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(id),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET #status = :failed, lastError = :reason, updatedAt = :now REMOVE activeKind, dueAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':failed': 'failed', ':reason': reason, ':now': now }),
        }),
      );
    },

    async replay(id, now) {
      const job = await get(id);
      if (!job) return { replayed: false, reason: `no job ${id} in ${tableName}` };
      if (job.status !== 'failed') return { replayed: false, reason: `job ${id} is ${job.status}, not failed` };
      // Back in the sparse index, due now: the poller claims it within a minute.
      await update(job, { status: 'pending', attempts: 0, activeKind: JOB_KIND, dueAt: now }, now);
      return { replayed: true, job };
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map((item) => String(unmarshall(item).id)),
    hasActive: () => active.any(),
  };
}

function toJob(item: Record<string, AttributeValue>): Job {
  const parsed = jobItemSchema.safeParse(unmarshall(item));
  if (!parsed.success) throw new UnreadableItemError(`job item ${String(item.pk?.S)}`, { cause: parsed.error });
  const { pk: _pk, sk: _sk, ...job } = parsed.data;
  return job;
}
