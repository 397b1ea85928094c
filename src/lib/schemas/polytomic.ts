import { z } from 'zod';

// Polytomic's generated SDK types make nearly every field optional and several enums open, so these
// schemas accept unknown fields and unknown enum values: new server values must not break the bot.
const timestamp = z.string().nullish();
const openString = z.string().nullish();
const count = z.number().nullish();

export const executionSchema = z.looseObject({
  id: openString,
  type: openString,
  status: openString,
  created_at: timestamp,
  started_at: timestamp,
  completed_at: timestamp,
  errors: z.array(z.string()).nullish(),
  counts: z
    .looseObject({ total: count, insert: count, update: count, upserts: count, delete: count, error: count, warnings: count })
    .nullish(),
});

export const syncStatusSchema = z.looseObject({
  current_execution: executionSchema.nullish(),
  last_execution: executionSchema.nullish(),
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
  record_count: count,
  error_count: count,
  warning_count: count,
  schemas: z.array(z.looseObject({ schema: openString, status: openString, status_message: openString })).nullish(),
});

export const bulkSyncStatusSchema = z.looseObject({
  current_execution: bulkExecutionSchema.nullish(),
  last_execution: bulkExecutionSchema.nullish(),
  next_execution_time: timestamp,
});

const scheduleSchema = z.looseObject({ frequency: openString }).nullish();

export const modelSyncSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  active: z.boolean().nullish(),
  mode: openString,
  schedule: scheduleSchema,
});

export const bulkSyncSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  active: z.boolean().nullish(),
  mode: openString,
  default_schedule: scheduleSchema,
  schedule: scheduleSchema,
});

export const connectionSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  status: openString,
  status_error: openString,
  type: z.looseObject({ id: openString, name: openString, operations: z.array(z.string()).nullish() }).nullish(),
  api_calls_last_24_hours: count,
});

export const schemaStatusSchema = z.looseObject({
  cache_status: openString,
  last_refresh_started: timestamp,
  last_refresh_finished: timestamp,
});

export const pageSchema = z.looseObject({ next_page_token: z.string().nullish() }).nullish();

/** Polytomic's error body; parsed leniently because no real sample is confirmed. */
export const apiErrorSchema = z.looseObject({ status: z.number().optional(), message: z.string().optional() });

/** `GET /api/connections/{id}/bulksync/source`: the schemas a connection offers. */
export const bulkSourceSchema = z.looseObject({
  schemas: z.array(z.looseObject({ id: z.string().nullish(), name: z.string().nullish() })).nullish(),
});

/** `GET /api/connections/{id}/modelsync/source`: what a connection needs to act as a model sync source. */
export const modelSyncSourceSchema = z.looseObject({
  configuration: z.record(z.string(), z.unknown()).nullish(),
  requires_one_of: z.array(z.string()).nullish(),
});

/** A Polytomic event, as delivered to the webhook and listed by `GET /api/events` (payload fields all optional). */
export const eventSchema = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  organization_id: z.string().nullish(),
  created_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a timestamp'),
  event: z
    .looseObject({
      execution_id: z.string().nullish(),
      sync_id: z.string().nullish(),
      sync_name: z.string().nullish(),
      // The events guide's example says `name`; the SDK types say `sync_name`: read both.
      name: z.string().nullish(),
      error: z.string().nullish(),
      status: z.string().nullish(),
      record_count: z.number().nullish(),
      error_count: z.number().nullish(),
      warning_count: z.number().nullish(),
      number_of_errors: z.number().nullish(),
    })
    .nullish(),
});
export type PolytomicEvent = z.infer<typeof eventSchema>;

export const webhookSchema = z.looseObject({
  id: z.string(),
  endpoint: z.string().nullish(),
  disabled: z.boolean().nullish(),
  created_at: z.string().nullish(),
});
