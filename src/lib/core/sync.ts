/** Polytomic's two kinds of sync: model syncs (Reverse ETL) and bulk syncs (ELT). */
export type SyncKind = 'model' | 'bulk';

export interface SyncRef {
  id: string;
  name: string;
  kind: SyncKind;
  active: boolean;
  /** Schedule frequency as Polytomic names it (`daily`, `manual`, …); open-ended. */
  frequency?: string;
}

export interface RunCounts {
  total?: number;
  inserted?: number;
  updated?: number;
  upserted?: number;
  deleted?: number;
  errored?: number;
  warnings?: number;
}

export interface RunSummary {
  id?: string;
  status: string;
  statusMessage?: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  counts: RunCounts;
  errors: string[];
}

export interface SyncStatus {
  current?: RunSummary;
  last?: RunSummary;
  nextRunAt?: string;
}

export type RunHealth = 'running' | 'failed' | 'warning' | 'ok' | 'idle';

// Execution status values from Polytomic's UtilExecutionStatus and BulkExecutionStatus enums. Unknown values
// fall through to 'idle' display rather than failing: the enums are open.
const RUNNING = new Set(['created', 'scheduled', 'queued', 'waiting', 'running', 'processing', 'exporting', 'canceling']);
const FAILED = new Set(['failed', 'interrupted']);
const WARNING = new Set(['errors', 'completed_with_errors', 'completed_with_error', 'canceled']);

/** How a run reads at a glance; a completed run that still reports errored records is a warning. */
export function runHealth(run: RunSummary | undefined): RunHealth {
  if (!run) return 'idle';
  if (RUNNING.has(run.status)) return 'running';
  if (FAILED.has(run.status)) return 'failed';
  if (WARNING.has(run.status) || (run.status === 'completed' && (run.counts.errored ?? 0) > 0)) return 'warning';
  if (run.status === 'completed') return 'ok';
  return 'idle';
}

/** A sync's overall health: a current run wins, otherwise the last finished one. */
export function syncHealth(status: SyncStatus): RunHealth {
  return status.current && runHealth(status.current) === 'running' ? 'running' : runHealth(status.last);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Polytomic ids are UUIDs; a button value that is not one was not made by this bot. */
export const isPolytomicId = (value: string | undefined): value is string => value !== undefined && UUID.test(value);
