import { z } from 'zod';

/** A job item as stored; read back through this so a malformed item is an error, not an undefined. */
export const jobItemSchema = z.object({
  pk: z.string().startsWith('JOB#'),
  sk: z.literal('JOB'),
  id: z.string(),
  kind: z.enum(['slack_command', 'slack_action', 'polytomic_event']),
  payload: z.string(),
  teamId: z.string(),
  channelId: z.string().optional(),
  userId: z.string(),
  summary: z.string(),
  createdAt: z.number(),
  origin: z.string().optional(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number().int().min(0),
  version: z.number().int().min(0),
  dueAt: z.number().optional(),
  outcome: z.string().optional(),
  lastError: z.string().optional(),
});

const schemaStatusSeen = z.object({
  cacheStatus: z.string().optional(),
  lastRefreshStarted: z.string().optional(),
  lastRefreshFinished: z.string().optional(),
});

/** A connection's current (or last) schema refresh, as stored. */
export const refreshItemSchema = z.object({
  pk: z.string().startsWith('REFRESH#'),
  sk: z.literal('CURRENT'),
  connectionId: z.string(),
  connectionName: z.string(),
  connectionType: z.string().optional(),
  jobId: z.string(),
  channelId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.number().optional(),
  deadline: z.number().optional(),
  parentTs: z.string().optional(),
  permalink: z.string().optional(),
  statusBefore: schemaStatusSeen.optional(),
  schemasBefore: z.array(z.string()).optional(),
  lastSeen: schemaStatusSeen.optional(),
  status: z.enum(['starting', 'pending', 'finishing', 'done']),
  version: z.number().int().min(0),
  checks: z.number().int().min(0),
  dueAt: z.number().optional(),
  startingUntil: z.number().optional(),
  outcome: z.enum(['fresh', 'failed', 'unhealthy', 'timed_out', 'not_started']).optional(),
  detail: z.string().optional(),
  finishedAt: z.number().optional(),
  replyTs: z.string().optional(),
  parentGone: z.boolean().optional(),
});

/** An audit entry as stored (twice: under its target and under the all-changes partition). */
export const auditItemSchema = z.object({
  at: z.number(),
  jobId: z.string(),
  userId: z.string(),
  channelId: z.string(),
  action: z.enum(['refresh', 'start', 'cancel']),
  target: z.object({ kind: z.enum(['connection', 'model', 'bulk']), id: z.string(), name: z.string() }),
  outcome: z.string(),
  executionId: z.string().optional(),
});

const digestSchedule = z.object({
  every: z.enum(['daily', 'weekdays', 'weekly']),
  weekday: z.number().int().min(1).max(7).optional(),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  timeZone: z.string(),
});

const digestScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('only_failing') }),
  z.object({ kind: z.literal('syncs'), syncs: z.array(z.object({ id: z.string(), kind: z.enum(['model', 'bulk']), name: z.string() })) }),
]);

/** A channel's digest subscription, as stored. */
export const digestItemSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  schedule: digestSchedule,
  scope: digestScope,
  createdBy: z.string(),
  createdAt: z.number(),
  nextRunAt: z.number(),
  version: z.number().int().min(0),
  snapshot: z.record(z.string(), z.enum(['running', 'failed', 'warning', 'ok', 'idle'])).optional(),
  posting: z.object({ runAt: z.number(), until: z.number() }).optional(),
  paused: z.object({ reason: z.string(), at: z.number() }).optional(),
  lastPostedAt: z.number().optional(),
});

export const watchItemSchema = z.object({
  channelId: z.string(),
  syncId: z.string(),
  syncName: z.string().optional(),
  mode: z.enum(['failures', 'all-runs']),
  createdBy: z.string(),
  createdAt: z.number(),
});

export const alertEntrySchema = z.object({
  eventId: z.string(),
  at: z.number(),
  syncId: z.string(),
  syncName: z.string(),
  syncKind: z.enum(['model', 'bulk']),
  outcome: z.enum(['failed', 'warning', 'completed']),
  error: z.string().optional(),
  records: z.number().optional(),
});

export const alertStateSchema = z.object({
  failing: z.boolean(),
  threadTs: z.string().optional(),
  lastEventAt: z.number(),
  failures: z.number(),
  version: z.number(),
});
