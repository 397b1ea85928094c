import type { ChangeAction } from './policy.js';

/** One change made through the bot: who did what to which sync or connection, when, and how it ended. */
export interface AuditEntry {
  /** When it was asked (the job's creation time, so a retried job writes the same entry). */
  at: number;
  jobId: string;
  userId: string;
  channelId: string;
  /** Digests, watches and the webhook are settings, shown by their own commands, not audited here. */
  action: Exclude<ChangeAction, 'digest' | 'watch' | 'webhook'>;
  target: { kind: 'connection' | 'model' | 'bulk'; id: string; name: string };
  /** `started`, `already_running`, `not_started`, `refused`, … */
  outcome: string;
  executionId?: string;
  /** A start of some tables only (Retry failed tables): which ones. */
  tables?: string[];
}

/**
 * The first job to ask for a change under one idempotency key (a Start or Cancel press) owns it: only it
 * calls Polytomic and writes the audit entry; another job with the same key (a double click, a second
 * person on the same card) tells its presser who did it, and when.
 */
export interface ChangeClaim {
  jobId: string;
  userId: string;
  /** When the owner's press came in (its job's creation time). */
  at: number;
  /** Filled in once the owner knows how it ended. */
  outcome?: string;
  executionId?: string;
}

/** Longer than Polytomic replays an Idempotency-Key's first answer (at least 24 h). */
export const CHANGE_CLAIM_KEEP_HOURS = 48;

/** Kept at least 90 days, as the issue asks; a little more so a quarter's review always finds the whole quarter. */
export const AUDIT_KEEP_DAYS = 100;
