import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../../src/lib/adapters/dynamo/job-store.js';
import type { JobStore } from '../../../src/lib/app/ports/job-store.js';
import { JOB_POLICY } from '../../../src/lib/core/job.js';
import { DEFAULT_TIMING } from '../../../src/lib/core/timing.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';
import { newJob, JOB_T0 as T0 } from '../../support/jobs.js';

describe.each(engines)('job store on $name', (engine) => {
  let store: JobStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoJobStore(opened.client, opened.tableName);
    close = opened.close;
  });
  afterEach(async () => close());

  it('records a job once; the same id again is a duplicate and changes nothing', async () => {
    expect(await store.create(newJob('a'))).toBe('created');
    expect(await store.create(newJob('a', { summary: 'other' }))).toBe('duplicate');
    const job = await store.get('a');
    expect(job).toMatchObject({
      id: 'a',
      status: 'pending',
      attempts: 0,
      version: 0,
      summary: '/polytomic status orders',
      dueAt: T0,
    });
  });

  it('lets exactly one of two simultaneous claims take a job', async () => {
    await store.create(newJob('b'));
    const claims = await Promise.all([
      store.claim('b', T0, T0 + DEFAULT_TIMING.jobLeaseMs),
      store.claim('b', T0, T0 + DEFAULT_TIMING.jobLeaseMs),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({
      status: 'running',
      attempts: 1,
      version: 1,
      dueAt: T0 + DEFAULT_TIMING.jobLeaseMs,
    });
  });

  it('takes a completed job out of the due list and never hands it out again', async () => {
    await store.create(newJob('c'));
    const job = (await store.claim('c', T0, T0 + DEFAULT_TIMING.jobLeaseMs))!;
    await store.complete(job, 'answered', T0 + 10);
    expect(await store.get('c')).toMatchObject({ status: 'done', outcome: 'answered', version: 2 });
    expect(await store.listDue(T0 + DEFAULT_TIMING.jobLeaseMs * 2, 10)).not.toContain('c');
    expect(
      await store.claim(
        'c',
        T0 + DEFAULT_TIMING.jobLeaseMs * 2,
        T0 + DEFAULT_TIMING.jobLeaseMs * 2 + DEFAULT_TIMING.jobLeaseMs,
      ),
    ).toBeUndefined();
  });

  it('hands a retried job out again only once its time has come', async () => {
    await store.create(newJob('d'));
    const job = (await store.claim('d', T0, T0 + DEFAULT_TIMING.jobLeaseMs))!;
    await store.retryLater(job, 'polytomic_unavailable', T0 + 5_000, T0 + 100);
    expect(await store.listDue(T0 + 4_999, 10)).not.toContain('d');
    expect(await store.claim('d', T0 + 4_999, T0 + 4_999 + DEFAULT_TIMING.jobLeaseMs)).toBeUndefined();
    expect(await store.listDue(T0 + 5_000, 10)).toContain('d');
    expect(await store.claim('d', T0 + 5_000, T0 + 5_000 + DEFAULT_TIMING.jobLeaseMs)).toMatchObject({
      attempts: 2,
      lastError: 'polytomic_unavailable',
    });
  });

  it('lets a running job be taken over once its lease expires, and then refuses the old attempt its write', async () => {
    await store.create(newJob('e'));
    const first = (await store.claim('e', T0, T0 + DEFAULT_TIMING.jobLeaseMs))!;
    expect(
      await store.claim(
        'e',
        T0 + DEFAULT_TIMING.jobLeaseMs - 1,
        T0 + DEFAULT_TIMING.jobLeaseMs - 1 + DEFAULT_TIMING.jobLeaseMs,
      ),
    ).toBeUndefined();
    const second = await store.claim(
      'e',
      T0 + DEFAULT_TIMING.jobLeaseMs,
      T0 + DEFAULT_TIMING.jobLeaseMs + DEFAULT_TIMING.jobLeaseMs,
    );
    expect(second).toMatchObject({ attempts: 2 });
    await expect(store.complete(first, 'late', T0 + DEFAULT_TIMING.jobLeaseMs + 1)).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
  });

  it('stops handing out a job whose attempts are used up, until it is abandoned', async () => {
    await store.create(newJob('f'));
    let now = T0;
    for (let attempt = 1; attempt <= JOB_POLICY.maxAttempts; attempt++) {
      const job = (await store.claim('f', now, now + DEFAULT_TIMING.jobLeaseMs))!;
      expect(job.attempts).toBe(attempt);
      await store.retryLater(job, 'polytomic_timeout', now + 1, now);
      now += 2;
    }
    expect(await store.claim('f', now, now + DEFAULT_TIMING.jobLeaseMs)).toBeUndefined();
    const stuck = (await store.get('f'))!;
    await store.abandon(stuck, 'polytomic_timeout', now);
    expect(await store.get('f')).toMatchObject({ status: 'failed', lastError: 'polytomic_timeout' });
    expect(await store.listDue(now + 1e9, 10)).not.toContain('f');
  });

  it('lists due jobs oldest first, within the limit', async () => {
    await store.create(newJob('g1', { createdAt: T0 + 2 }));
    await store.create(newJob('g2', { createdAt: T0 + 1 }));
    await store.create(newJob('g3', { createdAt: T0 + 3 }));
    expect(await store.listDue(T0 + 10, 2)).toEqual(['g2', 'g1']);
  });
});
