import type { AlertEntry, AlertState, Watch, WatchRule } from '../core/alerts.js';
import type { AuditEntry, ChangeClaim } from '../core/audit.js';
import type { DigestSubscription } from '../core/digest.js';
import type { Incident } from '../core/incident.js';
import type { Refresh } from '../core/refresh.js';
import type { RuleCheckState } from '../core/watch-rules.js';
import { optionalString } from './fields.js';
import * as z from './zod.js';

const optionalNumber = z.optional(z.number());
const counter = z.int().check(z.gte(0));
const keyedBy = (prefix: string) => z.string().check(z.startsWith(prefix));

/**
 * Pins a schema to the domain type core declares for the same item (core is pure, so it holds types, not zod
 * schemas): the compiler checks both ways that the schema reads exactly that type, so neither can drift.
 */
const declaredAs =
  <Domain>() =>
  <S extends z.ZodMiniType<Domain>>(schema: S & ([Domain] extends [z.infer<S>] ? unknown : never)): S =>
    schema;

/** A job item as stored; read back through this so a malformed item is an error, not an undefined. */
export const jobItemSchema = z.object({
  pk: keyedBy('JOB#'),
  sk: z.literal('JOB'),
  id: z.string(),
  kind: z.enum(['slack_command', 'slack_action', 'slack_event', 'polytomic_event']),
  /** The verified request body, as JSON: a Slack command, action or event (for Bolt's listeners), or a Polytomic event. */
  payload: z.string(),
  teamId: z.string(),
  channelId: optionalString,
  userId: z.string(),
  /** What was asked, for the audit trail: `/polytomic status orders`, `button refresh_schema`. */
  summary: z.string(),
  createdAt: z.number(),
  /** The public origin the request came in on (`https://…execute-api…`): where Polytomic's webhook should point. */
  origin: optionalString,
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: counter,
  version: counter,
  /** While pending or running: when the job is next due (a retry time, or a running attempt's lease expiry). */
  dueAt: optionalNumber,
  outcome: optionalString,
  lastError: optionalString,
});

/** A unit of slow work recorded by the HTTP path and carried out by the worker. */
export type Job = Omit<z.infer<typeof jobItemSchema>, 'pk' | 'sk'>;
/** A job as the HTTP path records it, before any attempt. */
export type NewJob = Omit<Job, 'status' | 'attempts' | 'version' | 'dueAt' | 'outcome' | 'lastError'>;

const schemaStatusSeen = z.object({
  cacheStatus: optionalString,
  lastRefreshStarted: optionalString,
  lastRefreshFinished: optionalString,
});

/** A connection's current (or last) schema refresh, as stored. */
export const refreshItemSchema = declaredAs<Refresh & { pk: string; sk: 'CURRENT' }>()(
  z.object({
    pk: keyedBy('REFRESH#'),
    sk: z.literal('CURRENT'),
    connectionId: z.string(),
    connectionName: z.string(),
    connectionType: optionalString,
    jobId: z.string(),
    channelId: z.string(),
    requestedBy: z.string(),
    requestedAt: optionalNumber,
    deadline: optionalNumber,
    parentTs: optionalString,
    permalink: optionalString,
    statusBefore: z.optional(schemaStatusSeen),
    schemasBefore: z.optional(z.array(z.string())),
    lastSeen: z.optional(schemaStatusSeen),
    status: z.enum(['starting', 'pending', 'finishing', 'done']),
    version: counter,
    checks: counter,
    dueAt: optionalNumber,
    startingUntil: optionalNumber,
    outcome: z.optional(z.enum(['fresh', 'failed', 'unhealthy', 'timed_out', 'not_started'])),
    detail: optionalString,
    finishedAt: optionalNumber,
    replyTs: optionalString,
    parentGone: z.optional(z.boolean()),
    lastError: optionalString,
  }),
);

/** An audit entry as stored (twice: under its target and under the all-changes partition). */
export const auditItemSchema = declaredAs<AuditEntry>()(
  z.object({
    at: z.number(),
    jobId: z.string(),
    userId: z.string(),
    channelId: z.string(),
    action: z.enum(['refresh', 'start', 'cancel', 'pause', 'resume', 'alert']),
    target: z.object({ kind: z.enum(['connection', 'model', 'bulk']), id: z.string(), name: z.string() }),
    outcome: z.string(),
    executionId: optionalString,
    tables: z.optional(z.array(z.string())),
  }),
);

/** Who owns the change asked for under one idempotency key, and how it ended once known. */
export const changeClaimItemSchema = declaredAs<ChangeClaim & { pk: string; sk: 'CLAIM' }>()(
  z.object({
    pk: keyedBy('CLAIM#'),
    sk: z.literal('CLAIM'),
    jobId: z.string(),
    userId: z.string(),
    at: z.number(),
    outcome: optionalString,
    executionId: optionalString,
  }),
);

const digestSchedule = z.object({
  every: z.enum(['daily', 'weekdays', 'weekly']),
  weekday: z.optional(z.int().check(z.gte(1), z.lte(7))),
  hour: z.int().check(z.gte(0), z.lte(23)),
  minute: z.int().check(z.gte(0), z.lte(59)),
  timeZone: z.string(),
});

const digestScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('only_failing') }),
  z.object({
    kind: z.literal('syncs'),
    syncs: z.array(z.object({ id: z.string(), kind: z.enum(['model', 'bulk']), name: z.string() })),
  }),
]);

/** A channel's digest subscription, as stored. */
export const digestItemSchema = declaredAs<DigestSubscription>()(
  z.object({
    id: z.string(),
    channelId: z.string(),
    schedule: digestSchedule,
    scope: digestScope,
    createdBy: z.string(),
    createdByJob: optionalString,
    createdAt: z.number(),
    nextRunAt: z.number(),
    version: counter,
    snapshot: z.optional(z.record(z.string(), z.enum(['running', 'failed', 'warning', 'ok', 'idle']))),
    posting: z.optional(z.object({ runAt: z.number(), until: z.number() })),
    paused: z.optional(z.object({ reason: z.string(), at: z.number() })),
    lastPostedAt: optionalNumber,
  }),
);

const watchRuleSchema = declaredAs<WatchRule>()(
  z.union([
    z.object({ kind: z.literal('stale'), afterMs: z.number() }),
    z.object({ kind: z.literal('errors'), over: z.number(), percent: z.boolean() }),
    z.object({ kind: z.literal('running'), afterMs: z.number(), timesMedian: z.optional(z.undefined()) }),
    z.object({ kind: z.literal('running'), timesMedian: z.number(), afterMs: z.optional(z.undefined()) }),
  ]),
);

export const watchItemSchema = declaredAs<Watch>()(
  z.object({
    channelId: z.string(),
    syncId: z.string(),
    syncName: optionalString,
    mode: z.enum(['failures', 'all-runs']),
    createdBy: z.string(),
    createdAt: z.number(),
    notify: z.optional(z.array(z.string())),
    rules: z.optional(z.array(watchRuleSchema)),
  }),
);

const runCountsSchema = z.object({
  total: optionalNumber,
  inserted: optionalNumber,
  updated: optionalNumber,
  upserted: optionalNumber,
  deleted: optionalNumber,
  errored: optionalNumber,
  warnings: optionalNumber,
});

export const alertEntrySchema = declaredAs<AlertEntry>()(
  z.object({
    eventId: z.string(),
    at: z.number(),
    syncId: z.string(),
    syncName: z.string(),
    syncKind: z.enum(['model', 'bulk']),
    outcome: z.enum(['failed', 'warning', 'completed', 'canceled']),
    error: optionalString,
    records: optionalNumber,
    executionId: optionalString,
    counts: z.optional(runCountsSchema),
    context: z.optional(
      z.object({
        executionId: optionalString,
        counts: runCountsSchema,
        errors: z.array(z.string()),
        errorCount: counter,
        failedTables: z.optional(z.array(z.object({ schema: z.string(), message: optionalString }))),
        failedTableCount: z.optional(counter),
        recentRuns: z.optional(
          z.array(
            z.object({
              status: z.string(),
              startedAt: optionalString,
              completedAt: optionalString,
              counts: runCountsSchema,
            }),
          ),
        ),
      }),
    ),
    rule: optionalString,
  }),
);

/** The poller's check of a watch's polled rules (app/ports/rule-check-store.ts), one per sync and channel. */
export const ruleCheckItemSchema = z.object({
  channelId: z.string(),
  syncId: z.string(),
  syncName: z.string(),
  syncKind: z.enum(['model', 'bulk']),
  rules: z.array(watchRuleSchema),
  state: declaredAs<RuleCheckState>()(
    z.object({
      armedAt: z.number(),
      lastSuccessAt: optionalNumber,
      staleFiredFor: optionalNumber,
      runningFiredFor: optionalString,
      medianMs: optionalNumber,
      medianFor: optionalString,
    }),
  ),
  version: counter,
});

/** A channel's alert flush: due when its batch window closes, then held by the run posting it. */
export const flushItemSchema = z.object({
  pk: keyedBy('ALERTFLUSH#'),
  sk: z.literal('FLUSH'),
  channelId: z.string(),
  /** Absent on a flush written before flushes carried a version. */
  version: z.optional(counter),
  dueAt: z.number(),
});

export const alertStateSchema = declaredAs<AlertState>()(
  z.object({
    failing: z.boolean(),
    threadTs: optionalString,
    lastEventAt: z.number(),
    failures: z.number(),
    version: z.number(),
  }),
);

/** One person's Home as last published at their asking: kept current for a while, as they may be looking at it. */
export const homeViewItemSchema = z.object({
  userId: z.string(),
  teamId: z.string(),
  /** When they last opened it, refreshed it or pressed on it. */
  at: z.number(),
  /** The card on top of it then (the message, as JSON), shown again when the Home is republished. */
  card: optionalString,
  /** The channels Slack listed for them then, read again by their republishes; absent when Slack refused. */
  channels: z.optional(z.object({ channelIds: z.array(z.string()), more: z.boolean() })),
});

export type HomeViewer = z.infer<typeof homeViewItemSchema>;

/** The one pending republish of the Homes being looked at. */
export const homeRepublishItemSchema = z.object({
  dueAt: optionalNumber,
  /** When the last republish began: the next waits `HOME_POLICY.republishGapMs` after it. */
  lastRunAt: optionalNumber,
  version: counter,
});

/** How far the catch-up has read Polytomic's event list, and when its next read is due (the lease end). */
export const eventCursorItemSchema = z.object({
  lastSeenAt: z.number(),
  dueAt: optionalNumber,
  /** Where a cursor written before the lease helper kept its `dueAt`. */
  nextReadAt: optionalNumber,
  version: counter,
});

export type EventCursor = Omit<z.infer<typeof eventCursorItemSchema>, 'nextReadAt' | 'dueAt'> & { dueAt: number };

/** A post the bot began (the post-once ledger). */
export const postIntentItemSchema = z.object({
  pk: keyedBy('POST#'),
  sk: z.literal('POST'),
  channel: z.string(),
  threadTs: optionalString,
  since: z.number(),
});

/** The last good sweep of a team's syncs: fresh for 30 s for every worker instance, then what a Home shows while Polytomic is down. */
export const overviewItemSchema = z.object({
  pk: keyedBy('OVERVIEW#'),
  sk: z.literal('SWEEP'),
  /** Every sync with its status (no error texts), as JSON: about 500 bytes a sync. */
  rows: z.string(),
  /** Every connection with its health, as JSON; absent when Polytomic would not list them. */
  connections: optionalString,
  at: z.number(),
});

/** How a channel works one sync's failure: owner, snooze and pending timers (`INCIDENT#<channel>` / `<sync>`). */
export const incidentItemSchema = declaredAs<Incident>()(
  z.object({
    channelId: z.string(),
    syncId: z.string(),
    syncName: z.string(),
    syncKind: z.enum(['model', 'bulk']),
    threadTs: optionalString,
    permalink: optionalString,
    alert: optionalString,
    notify: z.optional(z.array(z.string())),
    openedAt: optionalNumber,
    owner: z.optional(z.object({ userId: z.string(), since: z.number(), jobId: z.string() })),
    releasedBy: z.optional(z.object({ userId: z.string(), jobId: z.string() })),
    remindUnownedAt: optionalNumber,
    unownedReminded: z.optional(z.boolean()),
    snooze: z.optional(z.object({ until: optionalNumber, by: z.string(), at: z.number() })),
    recoveredAt: optionalNumber,
    closedAs: z.optional(z.literal('canceled')),
    version: counter,
  }),
);
