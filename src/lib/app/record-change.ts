import type { AuditEntry } from '../core/audit.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import type { AuditStore } from './ports/audit-store.js';

/** Writes the audit entry of a change the job made (or tried to), keyed by the job so a retry rewrites it. */
export async function recordChange(
  deps: { auditStore: AuditStore; log: Log },
  job: Job,
  change: Pick<AuditEntry, 'action' | 'target' | 'outcome' | 'executionId' | 'tables'>,
): Promise<void> {
  await deps.auditStore.record({
    at: job.createdAt,
    jobId: job.id,
    userId: job.userId,
    channelId: job.channelId ?? '',
    ...change,
  });
  deps.log.info('change recorded', {
    action: change.action,
    targetId: change.target.id,
    outcome: change.outcome,
    executionId: change.executionId,
    tables: change.tables,
  });
}
