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
}

/** Kept at least 90 days, as the issue asks; a little more so a quarter's review always finds the whole quarter. */
export const AUDIT_KEEP_DAYS = 100;
