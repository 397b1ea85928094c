import type { Connection } from '../../core/connection.js';
import type { ConsoleLogEntry, RecordLogLinks, SchemaRun } from '../../core/execution.js';
import type { SchemaStatus } from '../../core/refresh.js';
import type { RunSummary, SyncRef, SyncSchedule, SyncStatus } from '../../core/sync.js';
import type * as schema from '../../schemas/polytomic.js';
import type * as z from '../../schemas/zod.js';

// Polytomic's model and bulk shapes differ in names and counts; the rest of the bot sees one shape.

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

// An empty cron field is how Polytomic leaves one unset (as `""`, or null); it reads as undefined here.
const cronField = (value: string | null | undefined): string | undefined => value?.trim() || undefined;

function toSchedule(schedule: z.infer<typeof schema.modelSyncSchema>['schedule']): SyncSchedule | undefined {
  if (!schedule?.frequency) return undefined;
  return {
    frequency: schedule.frequency,
    minute: cronField(schedule.minute),
    hour: cronField(schedule.hour),
    dayOfWeek: cronField(schedule.day_of_week),
    dayOfMonth: cronField(schedule.day_of_month),
    month: cronField(schedule.month),
  };
}

export function toModelSyncRef(sync: z.infer<typeof schema.modelSyncSchema>): SyncRef {
  return {
    id: sync.id,
    name: sync.name || sync.id,
    kind: 'model',
    active: sync.active ?? true,
    schedule: toSchedule(sync.schedule),
  };
}

export function toBulkSyncRef(sync: z.infer<typeof schema.bulkSyncSchema>): SyncRef {
  return {
    id: sync.id,
    name: sync.name || sync.id,
    kind: 'bulk',
    active: sync.active ?? true,
    schedule: toSchedule(sync.default_schedule ?? sync.schedule),
  };
}

const toModelRun = (run: z.infer<typeof schema.executionSchema> | null | undefined) =>
  run ? toModelExecution(run) : undefined;
const toBulkRun = (run: z.infer<typeof schema.bulkExecutionSchema> | null | undefined) =>
  run ? toBulkExecution(run) : undefined;

export function toModelExecution(run: z.infer<typeof schema.executionSchema>): RunSummary {
  const counts = run.counts ?? {};
  return {
    id: orUndefined(run.id),
    status: run.status ?? 'unknown',
    createdAt: orUndefined(run.created_at),
    startedAt: orUndefined(run.started_at),
    completedAt: orUndefined(run.completed_at),
    counts: {
      total: orUndefined(counts.total),
      inserted: orUndefined(counts.insert),
      updated: orUndefined(counts.update),
      upserted: orUndefined(counts.upserts),
      deleted: orUndefined(counts.delete),
      errored: orUndefined(counts.error),
      warnings: orUndefined(counts.warnings),
    },
    errors: run.errors ?? [],
  };
}

export function toBulkExecution(run: z.infer<typeof schema.bulkExecutionSchema>): RunSummary {
  const failedSchemas = (run.schemas ?? [])
    .filter((s) => s.status === 'failed' && s.status_message)
    .map((s) => `${s.schema ?? 'schema'}: ${s.status_message}`);
  const schemas = (run.schemas ?? []).flatMap((s): SchemaRun[] =>
    s.schema
      ? [
          {
            schema: s.schema,
            status: s.status ?? 'unknown',
            statusMessage: s.status_message || undefined,
            records: orUndefined(s.record_count),
            errored: orUndefined(s.error_count),
            warnings: orUndefined(s.warning_count),
          },
        ]
      : [],
  );
  return {
    id: orUndefined(run.id),
    status: run.status ?? 'unknown',
    statusMessage: orUndefined(run.status_message),
    createdAt: orUndefined(run.created_at),
    startedAt: orUndefined(run.started_at),
    completedAt: orUndefined(run.completed_at),
    counts: {
      total: orUndefined(run.record_count),
      errored: orUndefined(run.error_count),
      warnings: orUndefined(run.warning_count),
    },
    errors: run.status_message && run.status === 'failed' ? [run.status_message, ...failedSchemas] : failedSchemas,
    schemas,
  };
}

export function toModelStatus(status: z.infer<typeof schema.syncStatusSchema>): SyncStatus {
  return {
    current: toModelRun(status.current_execution),
    last: toModelRun(status.last_execution),
    nextRunAt: orUndefined(status.next_execution_time),
  };
}

export function toBulkStatus(status: z.infer<typeof schema.bulkSyncStatusSchema>): SyncStatus {
  return {
    current: toBulkRun(status.current_execution),
    last: toBulkRun(status.last_execution),
    nextRunAt: orUndefined(status.next_execution_time),
  };
}

export function toConnection(connection: z.infer<typeof schema.connectionSchema>): Connection {
  return {
    id: connection.id,
    name: connection.name || connection.id,
    status: connection.status ?? 'unknown',
    statusError: orUndefined(connection.status_error),
    typeName: orUndefined(connection.type?.name),
    apiCallsLast24h: orUndefined(connection.api_calls_last_24_hours),
  };
}

export function toSchemaStatus(status: z.infer<typeof schema.schemaStatusSchema>): SchemaStatus {
  return {
    cacheStatus: orUndefined(status.cache_status),
    lastRefreshStarted: orUndefined(status.last_refresh_started),
    lastRefreshFinished: orUndefined(status.last_refresh_finished),
  };
}

export function toConsoleLog(log: z.infer<typeof schema.consoleLogSchema>): ConsoleLogEntry[] {
  return (log.entries ?? []).flatMap((entry) =>
    entry.message
      ? [{ message: entry.message, at: orUndefined(entry.timestamp), level: orUndefined(entry.level) }]
      : [],
  );
}

export function toRecordLogLinks(log: z.infer<typeof schema.recordLogSchema>): RecordLogLinks {
  return { urls: log.urls ?? [], expiresAt: orUndefined(log.expires) };
}
