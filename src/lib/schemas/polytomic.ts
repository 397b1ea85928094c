import { nullishCount, nullishText } from './fields.js';
import * as z from './zod.js';

// Polytomic's generated SDK types make nearly every field optional and several enums open, so these
// schemas accept unknown fields and unknown enum values: new server values must not break the bot.
const timestamp = z.nullish(z.string());
const openString = z.nullish(z.string());
const nullishFlag = z.nullish(z.boolean());
const nullishStrings = z.nullish(z.array(z.string()));

export const executionSchema = z.looseObject({
  id: openString,
  type: openString,
  status: openString,
  created_at: timestamp,
  started_at: timestamp,
  completed_at: timestamp,
  errors: nullishStrings,
  counts: z.nullish(
    z.looseObject({
      total: nullishCount,
      insert: nullishCount,
      update: nullishCount,
      upserts: nullishCount,
      delete: nullishCount,
      error: nullishCount,
      warnings: nullishCount,
    }),
  ),
});

export const syncStatusSchema = z.looseObject({
  current_execution: z.nullish(executionSchema),
  last_execution: z.nullish(executionSchema),
  next_execution_time: timestamp,
});

export const bulkExecutionSchema = z.looseObject({
  id: openString,
  type: openString,
  status: openString,
  status_message: openString,
  created_at: timestamp,
  started_at: timestamp,
  completed_at: timestamp,
  record_count: nullishCount,
  error_count: nullishCount,
  warning_count: nullishCount,
  schemas: z.nullish(
    z.array(
      z.looseObject({
        schema: openString,
        status: openString,
        status_message: openString,
        record_count: nullishCount,
        error_count: nullishCount,
        warning_count: nullishCount,
      }),
    ),
  ),
});

export const bulkSyncStatusSchema = z.looseObject({
  current_execution: z.nullish(bulkExecutionSchema),
  last_execution: z.nullish(bulkExecutionSchema),
  next_execution_time: timestamp,
});

// `minute` … `month` are cron fields (strings, e.g. `*/15`, `0,6,12`); Polytomic fills those its frequency uses.
const scheduleSchema = z.nullish(
  z.looseObject({
    frequency: openString,
    minute: openString,
    hour: openString,
    day_of_week: openString,
    day_of_month: openString,
    month: openString,
  }),
);

export const modelSyncSchema = z.looseObject({
  id: z.string(),
  name: nullishText,
  active: nullishFlag,
  mode: openString,
  schedule: scheduleSchema,
});

export const bulkSyncSchema = z.looseObject({
  id: z.string(),
  name: nullishText,
  active: nullishFlag,
  mode: openString,
  default_schedule: scheduleSchema,
  schedule: scheduleSchema,
});

export const connectionSchema = z.looseObject({
  id: z.string(),
  name: nullishText,
  status: openString,
  status_error: openString,
  type: z.nullish(z.looseObject({ id: openString, name: openString, operations: nullishStrings })),
  api_calls_last_24_hours: nullishCount,
});

export const schemaStatusSchema = z.looseObject({
  cache_status: openString,
  last_refresh_started: timestamp,
  last_refresh_finished: timestamp,
});

/** `GET …/executions/{id}/consolelog` (2025-09-18): the latest entries, at most 50 (SDK types, not polytomic-api.md). */
export const consoleLogSchema = z.looseObject({
  entries: z.nullish(
    z.array(z.looseObject({ id: openString, level: openString, message: openString, timestamp: timestamp })),
  ),
  next_cursor: openString,
});

/** `GET /api/syncs/{id}/executions/{id}/errors` (and the other record logs): signed URLs and their expiry. */
export const recordLogSchema = z.looseObject({ urls: nullishStrings, expires: timestamp });

/** `POST …/activate`: the sync's `active` flag after the change. */
export const activateSchema = z.looseObject({ id: openString, active: nullishFlag });

export const pageSchema = z.nullish(z.looseObject({ next_page_token: nullishText }));

/** Polytomic's error body; parsed leniently because no real sample is confirmed. */
export const apiErrorSchema = z.looseObject({ status: z.optional(z.number()), message: z.optional(z.string()) });

/** `GET /api/connections/{id}/bulksync/source`: the schemas a connection offers. */
export const bulkSourceSchema = z.looseObject({
  schemas: z.nullish(z.array(z.looseObject({ id: nullishText, name: nullishText }))),
});

/** `GET /api/connections/{id}/modelsync/source`: what a connection needs to act as a model sync source. */
export const modelSyncSourceSchema = z.looseObject({
  configuration: z.nullish(z.record(z.string(), z.unknown())),
  requires_one_of: nullishStrings,
});

export const webhookSchema = z.looseObject({
  id: z.string(),
  endpoint: nullishText,
  disabled: nullishFlag,
  created_at: nullishText,
});
