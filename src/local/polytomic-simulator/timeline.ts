// Pure derivation of a sync's executions from the clock: no timers, no stored progress.
import type { RunPlan } from './seed.js';
import { uuidFrom } from './support.js';

/** How long a new execution sits queued before it starts working. */
export const QUEUE_MS = 2_000;

export type RunKind = 'scheduled' | 'manual';

/** How a run ends, when a test forces it (see PolytomicSimulator.runNow) instead of the seed's behaviour. */
export type RunResult = 'completed' | 'completed_with_errors' | 'failed' | 'canceled';

export interface RunOutcome {
  result: RunResult;
  /** The error message reported for completed_with_errors / failed runs. */
  error?: string;
}

export interface Run {
  id: string;
  kind: RunKind;
  createdAt: number;
  plannedEnd: number;
  isTest: boolean;
  isResync: boolean;
  /** Bulk only: the schemas a partial run was asked for. */
  schemas?: readonly string[];
  fetchMode?: string;
  /** How long the run sits queued before it starts working; default QUEUE_MS. */
  queueMs?: number;
  /** A forced ending; absent means the sync's seeded behaviour decides. */
  outcome?: RunOutcome;
}

/** When a run starts working (its `started_at`). */
export function runStart(run: Run): number {
  return run.createdAt + (run.queueMs ?? QUEUE_MS);
}

/** Scheduled runs happen only inside these windows (`to` absent = still active). */
export interface ActiveInterval {
  from: number;
  to?: number;
}

export interface SyncTimeline {
  syncId: string;
  plan?: RunPlan;
  /** Scheduled runs stop happening here while the sync stays active: it goes stale (seed `scheduleStopsInMs`). */
  scheduleStopsAt?: number;
  durationMs: number;
  intervals: ActiveInterval[];
  manualRuns: Run[];
  /** Execution id → when a cancel was requested. */
  cancels: Map<string, number>;
}

export type RunPhase = 'queued' | 'running' | 'canceling' | 'canceled' | 'done';

export interface RunView {
  run: Run;
  /** When the run stops (naturally, or when its cancellation completes). */
  end: number;
  canceled: boolean;
  phase: RunPhase;
  /** 0..1 share of the work done at `now`. */
  progress: number;
}

export interface TimelineState {
  current?: RunView;
  last?: RunView;
  nextExecutionTime?: number;
}

/** The current and last executions at `now`, and when the next scheduled one starts. */
export function resolveTimeline(timeline: SyncTimeline, now: number, cancelDurationMs: number): TimelineState {
  const views = candidateRuns(timeline, now, cancelDurationMs).map((run) =>
    viewRun(run, timeline.cancels, now, cancelDurationMs),
  );
  const current = views.find((v) => v.run.createdAt <= now && now < v.end);
  const last = views.find((v) => v.end <= now);
  const nextExecutionTime = nextScheduledStart(timeline, now);
  return {
    ...(current ? { current } : {}),
    ...(last ? { last } : {}),
    ...(nextExecutionTime !== undefined ? { nextExecutionTime } : {}),
  };
}

/** Recent runs that have been created by `now`, newest first. */
function candidateRuns(timeline: SyncTimeline, now: number, cancelDurationMs: number): Run[] {
  return runsUpTo(timeline, now, SCHEDULED_LOOKBACK, now, cancelDurationMs);
}

/**
 * The last `count` runs (manual and scheduled, skipped slots left out) created at or before `upTo`,
 * newest first, as they stand at `now`: the run history GET …/executions pages through.
 */
export function runsUpTo(
  timeline: SyncTimeline,
  upTo: number,
  count: number,
  now: number,
  cancelDurationMs: number,
): Run[] {
  const manual = timeline.manualRuns.filter((r) => r.createdAt <= now);
  // A manual run hides the scheduled slots it spans: ask for more until `count` are left, or none remain.
  for (let wanted = count; ; wanted *= 2) {
    const scheduled = scheduledRuns(timeline, Math.min(upTo, now), wanted);
    const kept = withoutManualOverlap(timeline, manual, scheduled, now, cancelDurationMs);
    if (kept.length >= count || scheduled.length < wanted) {
      return [...manual.filter((r) => r.createdAt <= upTo), ...kept]
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, count);
    }
  }
}

// A scheduled slot that falls while a manual run is busy is skipped: a sync never runs twice at once.
function withoutManualOverlap(
  timeline: SyncTimeline,
  manual: readonly Run[],
  scheduled: Run[],
  now: number,
  cancelDurationMs: number,
): Run[] {
  const manualSpans = manual.map((m) => ({
    from: m.createdAt,
    to: viewRun(m, timeline.cancels, now, cancelDurationMs).end,
  }));
  return scheduled.filter((r) => !manualSpans.some((span) => span.from <= r.createdAt && r.createdAt < span.to));
}

/**
 * Every run (manual and scheduled, skipped slots left out) created in [from, now], oldest first.
 * Unlike resolveTimeline this is not limited to the last few slots; events are derived from it.
 */
export function runsCreatedBetween(timeline: SyncTimeline, from: number, now: number, cancelDurationMs: number): Run[] {
  const manual = timeline.manualRuns.filter((r) => r.createdAt <= now);
  const scheduled = withoutManualOverlap(
    timeline,
    manual,
    scheduledRunsBetween(timeline, from, now),
    now,
    cancelDurationMs,
  );
  return [...manual.filter((r) => r.createdAt >= from), ...scheduled].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * How far back GET …/executions lists scheduled runs and GET …/executions/{id} finds them (manual runs are
 * found at any age): ten runs of a daily sync, the run strip, fit in it.
 */
export const EXECUTION_LOOKUP_MS = 14 * 24 * 60 * 60_000;

/** The execution with this id as it stands at `now`, or undefined: what GET …/executions/{id} answers. */
export function findRun(
  timeline: SyncTimeline,
  id: string,
  now: number,
  cancelDurationMs: number,
): RunView | undefined {
  const wanted = id.toLowerCase();
  const run =
    timeline.manualRuns.find((r) => r.id === wanted && r.createdAt <= now) ??
    runsCreatedBetween(timeline, now - EXECUTION_LOOKUP_MS, now, cancelDurationMs).find((r) => r.id === wanted);
  return run && viewRun(run, timeline.cancels, now, cancelDurationMs);
}

// The last instant a scheduled run can start at, given `upTo`: before any pause, and before the schedule stopped.
function scheduleLimit(timeline: SyncTimeline, interval: ActiveInterval, upTo: number): number {
  return Math.min(upTo, (interval.to ?? Infinity) - 1, (timeline.scheduleStopsAt ?? Infinity) - 1);
}

function scheduledRunsBetween(timeline: SyncTimeline, from: number, now: number): Run[] {
  const { plan } = timeline;
  if (!plan) return [];
  const runs: Run[] = [];
  for (const interval of timeline.intervals) {
    const lower = Math.max(from, interval.from);
    const upper = scheduleLimit(timeline, interval, now);
    if (upper < lower) continue;
    const first = Math.ceil((lower - plan.offsetMs) / plan.periodMs);
    const last = Math.floor((upper - plan.offsetMs) / plan.periodMs);
    for (let k = first; k <= last; k += 1) runs.push(scheduledRun(timeline, k, plan.offsetMs + k * plan.periodMs));
  }
  return runs;
}

const SCHEDULED_LOOKBACK = 6;

// The last `count` scheduled runs created at or before `upTo`, newest first.
function scheduledRuns(timeline: SyncTimeline, upTo: number, count: number): Run[] {
  const { plan } = timeline;
  if (!plan) return [];
  const runs: Run[] = [];
  const intervals = [...timeline.intervals].sort((a, b) => b.from - a.from);
  for (const interval of intervals) {
    const upper = scheduleLimit(timeline, interval, upTo);
    if (upper < interval.from) continue;
    let k = Math.floor((upper - plan.offsetMs) / plan.periodMs);
    while (runs.length < count) {
      const start = plan.offsetMs + k * plan.periodMs;
      if (start < interval.from) break;
      runs.push(scheduledRun(timeline, k, start));
      k -= 1;
    }
    if (runs.length >= count) break;
  }
  return runs;
}

function scheduledRun(timeline: SyncTimeline, k: number, start: number): Run {
  return {
    id: uuidFrom(`${timeline.syncId}:scheduled:${k}`),
    kind: 'scheduled',
    createdAt: start,
    plannedEnd: start + timeline.durationMs,
    isTest: false,
    isResync: false,
  };
}

// Once the schedule has stopped, the next run stays the first one that never happened: a time in the past.
function nextScheduledStart(timeline: SyncTimeline, now: number): number | undefined {
  const { plan } = timeline;
  const latest = timeline.intervals.at(-1);
  if (!plan || !latest || latest.to !== undefined) return undefined;
  const k = Math.floor((scheduleLimit(timeline, latest, now) - plan.offsetMs) / plan.periodMs) + 1;
  return plan.offsetMs + k * plan.periodMs;
}

/** Where one run stands at `now`, with any cancellation applied. */
export function viewRun(
  run: Run,
  cancels: ReadonlyMap<string, number>,
  now: number,
  cancelDurationMs: number,
): RunView {
  const cancelAt = cancels.get(run.id);
  const cancelRequested = cancelAt !== undefined && cancelAt + cancelDurationMs < run.plannedEnd;
  // A run forced to end canceled (runNow) works until its planned end, then reports canceled.
  const canceled = cancelRequested || run.outcome?.result === 'canceled';
  const end = cancelRequested ? cancelAt + cancelDurationMs : run.plannedEnd;
  const workStart = runStart(run);
  const workEnd = cancelRequested ? cancelAt : run.plannedEnd;
  const progress = clamp((Math.min(now, workEnd) - workStart) / Math.max(1, run.plannedEnd - workStart));
  return { run, end, canceled, phase: phaseAt(run, now, end, canceled, cancelAt), progress };
}

function phaseAt(run: Run, now: number, end: number, canceled: boolean, cancelAt: number | undefined): RunPhase {
  if (now >= end) return canceled ? 'canceled' : 'done';
  if (cancelAt !== undefined && now >= cancelAt) return 'canceling';
  return now < runStart(run) ? 'queued' : 'running';
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
