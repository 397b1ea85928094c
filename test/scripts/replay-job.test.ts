import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/lib/adapters/dynamo/job-store.js';
import type { JobStore } from '../../src/lib/app/ports/job-store.js';
import { JOB_POLICY } from '../../src/lib/core/job.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { dynamoDbLocal } from '../support/dynamo.js';

let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
let jobs: JobStore;
beforeAll(async () => {
  table = await dynamoDbLocal.open();
  jobs = createDynamoJobStore(table.client, table.tableName);
});
afterAll(async () => table.close());

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

async function recordJob(id: string) {
  await jobs.create({
    id,
    kind: 'slack_command',
    payload: '{}',
    teamId: 'T0',
    channelId: 'C0',
    userId: 'U0',
    summary: '/polytomic status Orders',
    createdAt: T0,
  });
}

/** Uses every attempt and fails, as the runner does when Polytomic stays down. */
async function failJob(id: string) {
  await recordJob(id);
  for (let attempt = 1; attempt <= JOB_POLICY.maxAttempts; attempt++) {
    const claimed = await jobs.claim(id, T0 + attempt * 60_000, T0 + attempt * 60_000 + DEFAULT_TIMING.jobLeaseMs);
    if (!claimed) throw new Error('not claimed');
    if (attempt < JOB_POLICY.maxAttempts)
      await jobs.retryLater(claimed, 'polytomic_unavailable', T0 + attempt * 60_000, T0 + attempt * 60_000);
    else await jobs.abandon(claimed, 'polytomic_unavailable', T0 + attempt * 60_000);
  }
}

describe('npm run replay-job', () => {
  it('puts a failed job back as pending and due, where the poller finds it and may claim it with fresh attempts', async () => {
    await failJob('replay-1');
    const later = T0 + 3_600_000;
    expect(await jobs.listDue(later, 10)).not.toContain('replay-1');

    const result = await jobs.replay('replay-1', later);
    expect(result).toMatchObject({
      replayed: true,
      job: { summary: '/polytomic status Orders', lastError: 'polytomic_unavailable' },
    });
    expect(await jobs.get('replay-1')).toMatchObject({ status: 'pending', attempts: 0, dueAt: later });
    expect(await jobs.listDue(later, 10)).toContain('replay-1');
    expect(await jobs.claim('replay-1', later, later + DEFAULT_TIMING.jobLeaseMs)).toMatchObject({
      status: 'running',
      attempts: 1,
    });
  });

  it('touches nothing unless the job has failed, and says why', async () => {
    await recordJob('replay-2');
    expect(await jobs.replay('replay-2', T0)).toEqual({
      replayed: false,
      reason: 'job replay-2 is pending, not failed',
    });
    expect(await jobs.get('replay-2')).toMatchObject({ status: 'pending', attempts: 0, version: 0 });
    expect(await jobs.replay('nope', T0)).toEqual({ replayed: false, reason: `no job nope in ${table.tableName}` });
  });
});
