import type { Clock } from '../clock.js';
import { JOB_POLICY, retryDelayMs } from '../core/job.js';
import type { Timing } from '../core/timing.js';
import { AppError, ConditionFailedError, UnreadableItemError } from '../errors.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import type { JobStore } from './ports/job-store.js';

/** Thrown by a listener when the work failed transiently and should be tried again later, quietly. */
export class RetryLaterError extends AppError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('retry_later', reason, options);
  }
}

/** Carries out one job's work and returns its outcome, for the audit record. */
export type JobDispatcher = (job: Job, log: Log) => Promise<string>;

export interface RunJobDeps {
  jobStore: JobStore;
  dispatch: JobDispatcher;
  clock: Clock;
  log: Log;
  timing: Timing;
}

export type RunJobResult = 'done' | 'retry' | 'failed' | 'skipped';

/**
 * One attempt at a job. The conditional claim makes a job run once even when the stream delivers it
 * twice or the poller picks it up at the same moment; a failure leaves it due again later.
 */
export async function runJob(deps: RunJobDeps, jobId: string): Promise<RunJobResult> {
  const now = deps.clock.now();
  const job = await deps.jobStore.claim(jobId, now, now + deps.timing.jobLeaseMs);
  const log = deps.log.with({ jobId });
  if (!job) return settleUnclaimable(deps, jobId, log);
  const jobLog = log.with({ teamId: job.teamId, channelId: job.channelId, userId: job.userId, attempt: job.attempts });
  try {
    const outcome = await deps.dispatch(job, jobLog);
    await deps.jobStore.complete(job, outcome, deps.clock.now());
    jobLog.info('job done', { outcome, ms: deps.clock.now() - now });
    return 'done';
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      jobLog.warn('job was taken over while running', { error });
      return 'skipped';
    }
    const code = error instanceof AppError ? error.code : 'unexpected_error';
    if (job.attempts < JOB_POLICY.maxAttempts) {
      const dueAt = deps.clock.now() + retryDelayMs(job.attempts, deps.timing);
      await deps.jobStore.retryLater(job, code, dueAt, deps.clock.now());
      jobLog.warn('job will be retried', { code, dueAt, error });
      return 'retry';
    }
    await deps.jobStore.abandon(job, code, deps.clock.now());
    jobLog.error('job failed for good', { code, error });
    return 'failed';
  }
}

/** A job we could not claim is finished, running elsewhere, not yet due, or stuck with no attempts left. */
async function settleUnclaimable(deps: RunJobDeps, jobId: string, log: Log): Promise<RunJobResult> {
  const job = await deps.jobStore.get(jobId);
  const now = deps.clock.now();
  if (
    job &&
    (job.status === 'running' || job.status === 'pending') &&
    job.attempts >= JOB_POLICY.maxAttempts &&
    (job.dueAt ?? 0) <= now
  ) {
    try {
      await deps.jobStore.abandon(job, job.lastError ?? 'attempts_exhausted', now);
      log.error('job abandoned: its last attempt never finished', { attempts: job.attempts });
      return 'failed';
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
  log.debug('job not claimed', { status: job?.status });
  return 'skipped';
}

/** The scheduled sweep: runs every job that is due (never taken, retrying, or orphaned by a dead worker). */
export async function runDueJobs(deps: RunJobDeps, limit = 25): Promise<Record<RunJobResult, number>> {
  const tally: Record<RunJobResult, number> = { done: 0, retry: 0, failed: 0, skipped: 0 };
  for (const id of await deps.jobStore.listDue(deps.clock.now(), limit)) {
    try {
      tally[await runJob(deps, id)]++;
    } catch (error) {
      // One job the store cannot handle never stops the rest of the tick. An unreadable item is set aside
      // (else every tick would trip over it); anything else, a throttled write, is tried next tick.
      if (error instanceof UnreadableItemError) {
        await deps.jobStore.setAside(id, error.code, deps.clock.now());
        deps.log.error('job set aside: its item cannot be read', { jobId: id, error });
        tally.failed++;
      } else {
        deps.log.warn('job could not be run; it stays due', { jobId: id, error });
        tally.retry++;
      }
    }
  }
  return tally;
}
