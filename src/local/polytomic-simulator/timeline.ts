// Pure derivation of a sync's executions from the clock: no timers, no stored progress.
import type { RunPlan } from './seed.js';
import { uuidFrom } from './support.js';

/** How long a new execution sits queued before it starts working. */
export const QUEUE_MS = 2_000;

export type RunKind = 'scheduled' | 'manual';

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
}

/** Scheduled runs happen only inside these windows (`to` absent = still active). */
export interface ActiveInterval {
  from: number;
  to?: number;
}

export interface SyncTimeline {
  syncId: string;
  plan?: RunPlan;
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
  const views = candidateRuns(timeline, now, cancelDurationMs).map((run) => viewRun(run, timeline.cancels, now, cancelDurationMs));
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
  const manual = timeline.manualRuns.filter((r) => r.createdAt <= now);
  // A scheduled slot that falls while a manual run is busy is skipped: a sync never runs twice at once.
  const manualSpans = manual.map((m) => ({ from: m.createdAt, to: viewRun(m, timeline.cancels, now, cancelDurationMs).end }));
  const scheduled = scheduledRuns(timeline, now).filter(
    (r) => !manualSpans.some((span) => span.from <= r.createdAt && r.createdAt < span.to),
  );
  return [...manual, ...scheduled].sort((a, b) => b.createdAt - a.createdAt);
}

const SCHEDULED_LOOKBACK = 6;

function scheduledRuns(timeline: SyncTimeline, now: number): Run[] {
  const { plan } = timeline;
  if (!plan) return [];
  const runs: Run[] = [];
  const intervals = [...timeline.intervals].sort((a, b) => b.from - a.from);
  for (const interval of intervals) {
    const upper = Math.min(now, (interval.to ?? Infinity) - 1);
    if (upper < interval.from) continue;
    let k = Math.floor((upper - plan.offsetMs) / plan.periodMs);
    while (runs.length < SCHEDULED_LOOKBACK) {
      const start = plan.offsetMs + k * plan.periodMs;
      if (start < interval.from) break;
      runs.push(scheduledRun(timeline, k, start));
      k -= 1;
    }
    if (runs.length >= SCHEDULED_LOOKBACK) break;
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

function nextScheduledStart(timeline: SyncTimeline, now: number): number | undefined {
  const { plan } = timeline;
  const latest = timeline.intervals.at(-1);
  if (!plan || !latest || latest.to !== undefined) return undefined;
  const k = Math.floor((now - plan.offsetMs) / plan.periodMs) + 1;
  return plan.offsetMs + k * plan.periodMs;
}

/** Where one run stands at `now`, with any cancellation applied. */
export function viewRun(run: Run, cancels: ReadonlyMap<string, number>, now: number, cancelDurationMs: number): RunView {
  const cancelAt = cancels.get(run.id);
  const canceled = cancelAt !== undefined && cancelAt + cancelDurationMs < run.plannedEnd;
  const end = canceled ? cancelAt + cancelDurationMs : run.plannedEnd;
  const workStart = run.createdAt + QUEUE_MS;
  const workEnd = canceled ? cancelAt : run.plannedEnd;
  const progress = clamp((Math.min(now, workEnd) - workStart) / Math.max(1, run.plannedEnd - workStart));
  return { run, end, canceled, phase: phaseAt(run, now, end, canceled, cancelAt), progress };
}

function phaseAt(run: Run, now: number, end: number, canceled: boolean, cancelAt: number | undefined): RunPhase {
  if (now >= end) return canceled ? 'canceled' : 'done';
  if (cancelAt !== undefined && now >= cancelAt) return 'canceling';
  return now < run.createdAt + QUEUE_MS ? 'queued' : 'running';
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** True when a run is in progress at `now` (a new start would conflict). */
export function isBusy(timeline: SyncTimeline, now: number, cancelDurationMs: number): boolean {
  return resolveTimeline(timeline, now, cancelDurationMs).current !== undefined;
}
