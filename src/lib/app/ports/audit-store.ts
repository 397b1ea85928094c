import type { AuditEntry, ChangeClaim } from '../../core/audit.js';

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts, when there is one. */
  before?: string;
}

/** The audit trail: every change through the bot, newest first, per target or across all of them. */
export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  list(input: { targetId?: string; before?: string; limit: number }): Promise<AuditPage>;
  /**
   * Claims the change asked for under `key` for `claimant.jobId`, unless a job claimed it first: returns
   * the claim as it stands, and whether this call made it (false also for the owner's own retry).
   */
  claimChange(key: string, claimant: ChangeClaim): Promise<{ claim: ChangeClaim; created: boolean }>;
  /** Records how the owner's change ended, for the jobs that repeat it; only the owner may. */
  settleChange(key: string, jobId: string, result: { outcome: string; executionId?: string }): Promise<void>;
  /**
   * Gives the key up (its owner changed nothing), so a later press may claim it; a no-op for anyone but the owner,
   * and for a claim already settled (its change happened).
   */
  releaseChange(key: string, jobId: string): Promise<void>;
}
