// Events (polytomic-api.md 2.5) derived from executions and the clock: no timers, no stored log.
// Every execution that has started yields `*.running` at its started_at; every one that has ended yields
// one end event at its completed_at. Only the last 48 hours exist, as GET /api/events keeps them.
import { modelRunSummary, renderBulkExecution } from './render.js';
import { HOUR_MS, ORGANIZATION } from './seed.js';
import type { BulkSyncState, ModelSyncState, SimState } from './state.js';
import { toIso, uuidFrom } from './support.js';
import { type Run, runStart, runsCreatedBetween, type SyncTimeline, viewRun } from './timeline.js';

export const MODEL_EVENT_TYPES = [
  'sync.running',
  'sync.completed',
  'sync.completed_with_errors',
  'sync.failed',
  'sync.canceled',
] as const;

/** Note the documented singular `bulk_sync.completed_with_error`. */
export const BULK_EVENT_TYPES = [
  'bulk_sync.running',
  'bulk_sync.completed',
  'bulk_sync.completed_with_error',
  'bulk_sync.failed',
  'bulk_sync.canceled',
] as const;

/** Every type `GET /api/events_types` lists. */
export const EVENT_TYPES = [...MODEL_EVENT_TYPES, ...BULK_EVENT_TYPES] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Events older than this are gone (the documented retention of GET /api/events). */
export const EVENT_RETENTION_MS = 48 * HOUR_MS;

/** One event as GET /api/events lists it and the webhook receives it. */
export interface SimulatorEvent {
  id: string;
  type: EventType;
  organization_id: string;
  /** RFC 3339 with milliseconds. */
  created_at: string;
  /** The payload; its fields depend on `type` (see eventPayload below). */
  event: Record<string, unknown>;
}

interface TimedEvent {
  at: number;
  /** End events sort before running events at the same instant (one run ends as the next starts). */
  rank: number;
  event: SimulatorEvent;
}

// An event, once it exists, never changes (a finished run's end and outcome are fixed), so rendering is
// memoised per simulator state by (run, kind, time); entries are pruned as they leave the window.
const renderedEvents = new WeakMap<SimState, Map<string, TimedEvent>>();

/**
 * Which executions yield events: every one (`all`), only manual runs started since the simulator was
 * created (`manual`: runNow and POST .../executions, a quiet organisation for tests), or none.
 */
export type EventScope = 'all' | 'manual' | 'none';

/** All events that exist at `now`, oldest first (fresh objects: callers may mutate them). */
export function deriveEvents(
  state: SimState,
  now: number,
  cancelDurationMs: number,
  scope: EventScope = 'all',
): SimulatorEvent[] {
  if (scope === 'none') return [];
  const included = (run: Run): boolean =>
    scope === 'all' || (run.kind === 'manual' && run.createdAt >= state.startedAt);
  let cache = renderedEvents.get(state);
  if (!cache) {
    cache = new Map();
    renderedEvents.set(state, cache);
  }
  const memo = (key: string, make: () => TimedEvent): TimedEvent => {
    const hit = cache.get(key);
    if (hit) return hit;
    const made = make();
    cache.set(key, made);
    return made;
  };
  const timed: TimedEvent[] = [];
  for (const sync of state.modelSyncs.values()) {
    collect(timed, sync.timeline, now, cancelDurationMs, memo, included, (run, kind, at) =>
      modelEvent(sync, run, kind, at, cancelDurationMs),
    );
  }
  for (const sync of state.bulkSyncs.values()) {
    collect(timed, sync.timeline, now, cancelDurationMs, memo, included, (run, kind, at) =>
      bulkEvent(sync, run, kind, at, cancelDurationMs),
    );
  }
  for (const [key, entry] of cache) if (entry.at < now - EVENT_RETENTION_MS) cache.delete(key);
  // Array.prototype.sort is stable: ties keep sync order, then run order.
  return timed.sort((a, b) => a.at - b.at || a.rank - b.rank).map(({ event }) => copyEvent(event));
}

type MakeEvent = (run: Run, kind: 'running' | 'end', at: number) => SimulatorEvent;
type Memo = (key: string, make: () => TimedEvent) => TimedEvent;

function collect(
  out: TimedEvent[],
  timeline: SyncTimeline,
  now: number,
  cancelDurationMs: number,
  memo: Memo,
  included: (run: Run) => boolean,
  make: MakeEvent,
): void {
  const oldest = now - EVENT_RETENTION_MS;
  // A run created before the window can still end inside it: look back by the longest run.
  const longest = Math.max(timeline.durationMs, ...timeline.manualRuns.map((r) => r.plannedEnd - r.createdAt));
  for (const run of runsCreatedBetween(timeline, oldest - longest, now, cancelDurationMs)) {
    if (!included(run)) continue;
    const view = viewRun(run, timeline.cancels, now, cancelDurationMs);
    const start = runStart(run);
    const cancelAt = timeline.cancels.get(run.id);
    // A run cancelled while still queued never ran, so it never announced `running`.
    const ran = cancelAt === undefined || cancelAt > start;
    if (ran && start <= now && start >= oldest) {
      out.push(memo(`${run.id}|running|${start}`, () => ({ at: start, rank: 1, event: make(run, 'running', start) })));
    }
    const { end } = view;
    if (end <= now && end >= oldest)
      out.push(memo(`${run.id}|end|${end}`, () => ({ at: end, rank: 0, event: make(run, 'end', end) })));
  }
}

function envelope(run: Run, type: EventType, at: number, payload: Record<string, unknown>): SimulatorEvent {
  return {
    id: uuidFrom(`event:${run.id}:${type}`),
    type,
    organization_id: ORGANIZATION.id,
    created_at: toIso(at),
    event: payload,
  };
}

/** The `trigger` / `trigger_source` value; Polytomic's real value set is not documented. */
function trigger(run: Run): string {
  return run.kind;
}

function modelEvent(
  sync: ModelSyncState,
  run: Run,
  kind: 'running' | 'end',
  at: number,
  cancelDurationMs: number,
): SimulatorEvent {
  const base = {
    execution_id: run.id,
    organization_id: ORGANIZATION.id,
    sync_id: sync.seed.id,
    sync_name: sync.seed.name,
    target_connection_id: sync.seed.targetConnectionId,
  };
  if (kind === 'running') return envelope(run, 'sync.running', at, base);
  const view = viewRun(run, sync.timeline.cancels, at, cancelDurationMs);
  const summary = modelRunSummary(sync, view);
  const error = summary.errors.join('; ');
  if (view.canceled) return envelope(run, 'sync.canceled', at, { ...base, status: 'canceled' });
  if (summary.status === 'failed') return envelope(run, 'sync.failed', at, { ...base, error: error || 'sync failed' });
  const { counts } = summary;
  if (counts.error > 0 || summary.errors.length > 0) {
    return envelope(run, 'sync.completed_with_errors', at, {
      ...base,
      error,
      number_of_errors: counts.error,
      number_of_warnings: counts.warnings,
    });
  }
  return envelope(run, 'sync.completed', at, {
    ...base,
    status: summary.status,
    trigger: trigger(run),
    record_count: counts.total,
    inserted_count: counts.insert,
    updated_count: counts.update,
    upserted_count: counts.upserts,
    error_count: counts.error,
    warning_count: counts.warnings,
    warnings: [],
  });
}

function bulkEvent(
  sync: BulkSyncState,
  run: Run,
  kind: 'running' | 'end',
  at: number,
  cancelDurationMs: number,
): SimulatorEvent {
  const base = {
    execution_id: run.id,
    organization_id: ORGANIZATION.id,
    sync_id: sync.seed.id,
    sync_name: sync.seed.name,
    source_connection_id: sync.seed.sourceConnectionId,
    destination_connection_id: sync.seed.destinationConnectionId,
  };
  if (kind === 'running') return envelope(run, 'bulk_sync.running', at, base);
  const view = viewRun(run, sync.timeline.cancels, at, cancelDurationMs);
  const execution = renderBulkExecution(sync, view, at);
  if (view.canceled) return envelope(run, 'bulk_sync.canceled', at, base);
  const withTrigger = { ...base, trigger_source: trigger(run) };
  if (execution.status === 'failed') {
    return envelope(run, 'bulk_sync.failed', at, {
      ...withTrigger,
      error: String(execution.status_message || 'bulk sync failed'),
    });
  }
  const troubled = Number(execution.error_count) > 0 || Number(execution.warning_count) > 0;
  return envelope(run, troubled ? 'bulk_sync.completed_with_error' : 'bulk_sync.completed', at, withTrigger);
}

// Payload values are primitives, except the (empty) `warnings` list.
function copyEvent(event: SimulatorEvent): SimulatorEvent {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.event)) payload[key] = Array.isArray(value) ? [...value] : value;
  return { ...event, event: payload };
}
