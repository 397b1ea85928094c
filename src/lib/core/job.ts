import type { Timing } from './timing.js';

/** A unit of slow work recorded by the HTTP path and carried out by the worker. */
export type JobKind = 'slack_command' | 'slack_action' | 'polytomic_event';
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface NewJob {
  id: string;
  kind: JobKind;
  /** The verified request body, as JSON: a Slack command or action (for Bolt's listeners), or a Polytomic event. */
  payload: string;
  teamId: string;
  channelId?: string;
  userId: string;
  /** What was asked, for the audit trail: `/polytomic status orders`, `button refresh_schema`. */
  summary: string;
  createdAt: number;
  /** The public origin the request came in on (`https://…execute-api…`): where Polytomic's webhook should point. */
  origin?: string;
}

export interface Job extends NewJob {
  status: JobStatus;
  attempts: number;
  version: number;
  /** While pending or running: when the job is next due (a retry time, or a running attempt's lease expiry). */
  dueAt?: number;
  outcome?: string;
  lastError?: string;
}

export const JOB_POLICY = {
  maxAttempts: 3,
  /** Jobs double as the record of who asked what; they expire after this. */
  keepDays: 30,
};

export function retryDelayMs(attemptsSoFar: number, timing: Pick<Timing, 'jobRetryDelaysMs'>): number {
  const [afterFirst, afterLater] = timing.jobRetryDelaysMs;
  return attemptsSoFar <= 1 ? afterFirst : afterLater;
}

export const isLastAttempt = (job: Pick<Job, 'attempts'>): boolean => job.attempts >= JOB_POLICY.maxAttempts;
