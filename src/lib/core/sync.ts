import type { SchemaRun } from './execution.js';

/** Polytomic's two kinds of sync: model syncs (Reverse ETL) and bulk syncs (ELT). */
export type SyncKind = 'model' | 'bulk';

export interface SyncRef {
  id: string;
  name: string;
  kind: SyncKind;
  active: boolean;
  schedule?: SyncSchedule;
}

/** Polytomic's schedule: a frequency (`daily`, `custom`, …; open-ended) and cron-like fields, in UTC. */
export interface SyncSchedule {
  frequency: string;
  minute?: string;
  hour?: string;
  dayOfWeek?: string;
  dayOfMonth?: string;
  month?: string;
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
  /** Bulk executions only: the run of each schema (table). */
  schemas?: SchemaRun[];
}

export interface SyncStatus {
  current?: RunSummary;
  last?: RunSummary;
  nextRunAt?: string;
}

/** How a digest remembers a sync between runs (stored in subscriptions, so the values stay as they are). */
export type RunHealth = 'running' | 'failed' | 'warning' | 'ok' | 'idle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Polytomic ids are UUIDs; a button value that is not one was not made by this bot. */
export const isPolytomicId = (value: string | undefined): value is string => value !== undefined && UUID.test(value);
