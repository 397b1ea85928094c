import type { Timing } from './timing.js';

/** How a job is retried and kept; the job itself is a stored shape, typed from its schema (`schemas/items.ts`). */
export const JOB_POLICY = {
  maxAttempts: 3,
  /** Jobs double as the record of who asked what; they expire after this. */
  keepDays: 30,
};

export function retryDelayMs(attemptsSoFar: number, timing: Pick<Timing, 'jobRetryDelaysMs'>): number {
  const [afterFirst, afterLater] = timing.jobRetryDelaysMs;
  return attemptsSoFar <= 1 ? afterFirst : afterLater;
}

/** Whether a job's attempt (numbered from 1) is its last. */
export const isLastAttempt = (job: { attempts: number }): boolean => job.attempts >= JOB_POLICY.maxAttempts;
