import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { JobStore } from '../../app/ports/job-store.js';
import { JOB_POLICY } from '../../core/job.js';
import { UnreadableItemError } from '../../errors.js';
import type { Job } from '../../schemas/items.js';
import { jobItemSchema } from '../../schemas/items.js';
import { JOB_KIND, jobKey, newJobItem } from './ack-items.js';
import { createActiveIndex } from './active-index.js';
import { createLease, wonOrThrow } from './lease.js';
import { putIfAbsent } from './versioned-update.js';

export function createDynamoJobStore(client: DynamoDBClient, tableName: string): JobStore {
  const active = createActiveIndex(client, tableName, JOB_KIND);
  const lease = createLease(client, tableName, JOB_KIND);
  const what = (job: Job) => `job ${job.id}`;

  const get = async (id: string): Promise<Job | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(jobKey(id)), ConsistentRead: true }),
    );
    return Item ? toJob(unmarshall(Item)) : undefined;
  };

  return {
    async create(job, options = {}) {
      const created = await putIfAbsent(client, tableName, newJobItem(job), { signal: options.signal });
      return created ? 'created' : 'duplicate';
    },

    get,

    async claim(id, now, leaseUntil) {
      // By its id alone: pending and due, or running with an expired lease (its worker died), and attempts left.
      const claimed = await lease.claim(jobKey(id), {
        now,
        until: leaseUntil,
        status: ['pending', 'running'],
        below: { attempts: JOB_POLICY.maxAttempts },
        increment: ['attempts'],
        changes: { status: 'running' },
      });
      return claimed.won ? toJob(claimed.item) : undefined;
    },

    async complete(job, outcome, now) {
      wonOrThrow(
        await lease.release(jobKey(job.id), { version: job.version, now, changes: { status: 'done', outcome } }),
        what(job),
      );
    },
    async retryLater(job, error, dueAt, now) {
      const changes = { status: 'pending', lastError: error };
      wonOrThrow(await lease.reschedule(jobKey(job.id), { version: job.version, now, at: dueAt, changes }), what(job));
    },
    async abandon(job, error, now) {
      const changes = { status: 'failed', lastError: error };
      wonOrThrow(await lease.release(jobKey(job.id), { version: job.version, now, changes }), what(job));
    },

    async setAside(id, reason, now) {
      // Unconditional on the version: an item that cannot be read has no version to trust.
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall(jobKey(id)),
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
      const changes = { status: 'pending', attempts: 0 };
      wonOrThrow(await lease.reschedule(jobKey(id), { version: job.version, now, at: now, changes }), what(job));
      return { replayed: true, job };
    },

    listDue: async (now, limit) => (await active.due(now, limit)).map((item) => String(unmarshall(item).id)),
    hasActive: () => active.any(),
  };
}

function toJob(item: Record<string, unknown>): Job {
  const parsed = jobItemSchema.safeParse(item);
  if (!parsed.success) throw new UnreadableItemError(`job item ${String(item.pk)}`, { cause: parsed.error });
  const { pk: _pk, sk: _sk, ...job } = parsed.data;
  return job;
}
