import type { Job, NewJob } from '../../schemas/items.js';

/** Durable jobs: written once by the HTTP path, claimed and finished by workers with conditional writes. */
export interface JobStore {
  /** `duplicate` when a job with this id exists already (a replayed request). `signal` abandons the write, retries included. */
  create(job: NewJob, options?: { signal?: AbortSignal }): Promise<'created' | 'duplicate'>;
  get(id: string): Promise<Job | undefined>;
  /** Takes a due job for one attempt, held until `leaseUntil`; undefined when it is not this caller's to take. */
  claim(id: string, now: number, leaseUntil: number): Promise<Job | undefined>;
  complete(job: Job, outcome: string, now: number): Promise<void>;
  retryLater(job: Job, error: string, dueAt: number, now: number): Promise<void>;
  /** Marks a job that can never run again (attempts used up) as failed. */
  abandon(job: Job, error: string, now: number): Promise<void>;
  /** Takes a job whose item cannot be read out of the due index, marked failed, so no tick trips over it again. */
  setAside(id: string, reason: string, now: number): Promise<void>;
  /** Puts a failed job back as pending and due now, with fresh attempts (`npm run replay-job`); any other job is left alone. */
  replay(id: string, now: number): Promise<ReplayResult>;
  /** Ids of jobs due now: new ones a worker never took, retries whose time has come, attempts whose lease expired. */
  listDue(now: number, limit: number): Promise<string[]>;
  /** Whether any job is unfinished, due now or later. */
  hasActive(): Promise<boolean>;
}

export type ReplayResult = { replayed: true; job: Job } | { replayed: false; reason: string };
