import { JOB_POLICY } from '../../core/job.js';
import type { NewJob } from '../../schemas/items.js';

/**
 * The two items the acknowledgement touches, shaped once for both its signed path (no SDK) and the SDK stores the
 * worker uses, so a job recorded by either is the same item.
 */
export const JOB_KIND = 'JOB';
export const jobKey = (id: string) => ({ pk: `JOB#${id}`, sk: 'JOB' });

/** A new job: pending, version 0, in the sparse index due at once (`createLease`'s shape for a new item). */
export const newJobItem = (job: NewJob) => ({
  ...jobKey(job.id),
  ...job,
  status: 'pending',
  attempts: 0,
  expiresAt: Math.floor(job.createdAt / 1000) + JOB_POLICY.keepDays * 86_400,
  version: 0,
  activeKind: JOB_KIND,
  dueAt: job.createdAt,
});

export const WEBHOOK_CONFIG_KEY = { pk: 'CONFIG#WEBHOOK', sk: 'CURRENT' };
