import { truncate } from './mrkdwn.js';
import type { RunCounts, RunSummary } from './sync.js';
import type { RunTimes } from './sync-state.js';

/**
 * What an alert keeps of a failed or warning run, read once when the event arrives: its counts, a few of its
 * errors and, for a bulk run, the tables that failed. Bounded, since it is stored with each outbox entry.
 */
export interface FailureContext {
  /** The run read: the event's, or the sync's latest when the event named none. */
  executionId?: string;
  counts: RunCounts;
  /** At most `FAILURE_CONTEXT_LIMITS.errors`, each cut short. */
  errors: string[];
  /** How many errors the run had in all. */
  errorCount: number;
  /** Bulk runs: the failed tables (at most `FAILURE_CONTEXT_LIMITS.tables`) and their messages. */
  failedTables?: FailedTable[];
  /** Bulk runs: how many tables failed in all. */
  failedTableCount?: number;
  /** The sync's latest runs, newest first (at most 10), as the run strip shows them; absent when unlisted. */
  recentRuns?: RunTimes[];
}

/** What the strip keeps of a run: its state and times, no ids, errors or tables, so ten stay small on the outbox entry. */
export const stripRun = ({ status, startedAt, completedAt, counts }: RunSummary): RunTimes => ({
  status,
  startedAt,
  completedAt,
  counts,
});

export interface FailedTable {
  schema: string;
  message?: string;
}

export const FAILURE_CONTEXT_LIMITS = {
  errors: 3,
  errorChars: 300,
  tables: 10,
  tableChars: 100,
  tableMessageChars: 200,
};

const cut = (text: string, max: number) => truncate(text.replace(/\s+/g, ' '), max);

/** An error as the context keeps it: what an alert compares with the error it already shows. */
export const keptError = (text: string): string => cut(text, FAILURE_CONTEXT_LIMITS.errorChars);

/** The tables of a bulk run that failed (none for a model run, whose executions have no schemas). */
export const failedTablesOf = (run: RunSummary): string[] =>
  (run.schemas ?? []).filter((s) => s.status === 'failed').map((s) => s.schema);

/**
 * The context an alert keeps of a run. A bulk run's errors are its status message; its tables' messages
 * are kept per table instead, so no error is told twice.
 */
export function summariseFailure(run: RunSummary): FailureContext {
  const { errors: maxErrors, errorChars, tables, tableChars, tableMessageChars } = FAILURE_CONTEXT_LIMITS;
  const errors = run.schemas ? (run.statusMessage ? [run.statusMessage] : []) : run.errors;
  const context: FailureContext = {
    executionId: run.id,
    counts: run.counts,
    errors: errors.slice(0, maxErrors).map((e) => cut(e, errorChars)),
    errorCount: errors.length,
  };
  if (!run.schemas) return context;
  const failed = run.schemas.filter((s) => s.status === 'failed');
  return {
    ...context,
    failedTables: failed.slice(0, tables).map((s) => ({
      schema: cut(s.schema, tableChars),
      ...(s.statusMessage ? { message: cut(s.statusMessage, tableMessageChars) } : {}),
    })),
    failedTableCount: failed.length,
  };
}

/**
 * The tables of a failed bulk run still worth retrying: those that failed in it and have not completed in a
 * run created after it (a retry, or the next scheduled run).
 */
export function tablesStillFailing(run: RunSummary, recentRuns: readonly RunSummary[]): string[] {
  const after = Date.parse(run.createdAt ?? '');
  const synced = new Set(
    recentRuns
      .filter((r) => r.id !== run.id && Date.parse(r.createdAt ?? '') > after)
      .flatMap((r) => (r.schemas ?? []).filter((s) => s.status === 'completed').map((s) => s.schema)),
  );
  return failedTablesOf(run).filter((table) => !synced.has(table));
}
