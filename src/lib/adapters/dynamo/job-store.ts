import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { JOB_POLICY } from '../../core/job.js';
import type { Job, NewJob } from '../../core/job.js';
import { ConditionFailedError } from '../../errors.js';
import { jobItemSchema } from '../../schemas/items.js';
import { ACTIVE_INDEX } from './table.js';

/** Durable jobs: written once by the HTTP path, claimed and finished by workers with conditional writes. */
export interface JobStore {
  /** `duplicate` when a job with this id exists already (a replayed request). */
  create(job: NewJob): Promise<'created' | 'duplicate'>;
  get(id: string): Promise<Job | undefined>;
  /** Takes the job for one attempt, or returns undefined when it is finished, running elsewhere, or out of attempts. */
  claim(id: string, now: number): Promise<Job | undefined>;
  complete(job: Job, outcome: string, now: number): Promise<void>;
  retryLater(job: Job, error: string, dueAt: number, now: number): Promise<void>;
  /** Marks a job that can never run again (attempts used up) as failed. */
  abandon(job: Job, error: string, now: number): Promise<void>;
  /** Ids of jobs due now: new ones a worker never took, retries whose time has come, attempts whose lease expired. */
  listDue(now: number, limit: number): Promise<string[]>;
}

const JOB_KIND = 'JOB';
const key = (id: string) => marshall({ pk: `JOB#${id}`, sk: 'JOB' });

export function createDynamoJobStore(client: DynamoDBClient, tableName: string): JobStore {
  async function update(job: Job, set: Record<string, unknown>, removeFromIndex: boolean, now: number): Promise<void> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':version': job.version, ':next': job.version + 1, ':now': now };
    const assignments = ['#version = :next', 'updatedAt = :now'];
    for (const [field, value] of Object.entries(set)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      assignments.push(`#${field} = :${field}`);
    }
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(job.id),
          // The version read at claim time must still be current: a later claim (after our lease expired) wins.
          ConditionExpression: '#version = :version',
          UpdateExpression: `SET ${assignments.join(', ')}${removeFromIndex ? ' REMOVE activeKind, dueAt' : ''}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConditionFailedError(`job ${job.id} update`, { cause: error });
      throw error;
    }
  }

  return {
    async create(job) {
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
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        throw error;
      }
    },

    async get(id) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key(id), ConsistentRead: true }));
      return Item ? toJob(Item) : undefined;
    },

    async claim(id, now) {
      try {
        const { Attributes } = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(id),
            // Pending and due, or running with an expired lease (its worker died), and attempts left.
            ConditionExpression:
              'attribute_exists(pk) AND attempts < :max AND dueAt <= :now AND (#status = :pending OR #status = :running)',
            UpdateExpression: 'SET #status = :running, attempts = attempts + :one, #version = #version + :one, dueAt = :lease, updatedAt = :now',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: marshall({
              ':max': JOB_POLICY.maxAttempts,
              ':now': now,
              ':pending': 'pending',
              ':running': 'running',
              ':one': 1,
              ':lease': now + JOB_POLICY.leaseMs,
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

    complete: (job, outcome, now) => update(job, { status: 'done', outcome }, true, now),
    retryLater: (job, error, dueAt, now) => update(job, { status: 'pending', lastError: error, dueAt }, false, now),
    abandon: (job, error, now) => update(job, { status: 'failed', lastError: error }, true, now),

    async listDue(now, limit) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ACTIVE_INDEX,
          KeyConditionExpression: 'activeKind = :kind AND dueAt <= :now',
          ExpressionAttributeValues: marshall({ ':kind': JOB_KIND, ':now': now }),
          Limit: limit,
        }),
      );
      return Items.map((item) => String(unmarshall(item).pk).slice('JOB#'.length));
    },
  };
}

function toJob(item: Parameters<typeof unmarshall>[0]): Job {
  const { pk: _pk, sk: _sk, ...job } = jobItemSchema.parse(unmarshall(item));
  return job;
}
