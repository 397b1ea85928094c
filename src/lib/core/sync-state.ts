import { escapeWithin, slackDate } from './mrkdwn.js';
import type { RunSummary, SyncRef, SyncStatus } from './sync.js';

/** Every state a sync or a run is shown in; the key order is the order lists put them in, most urgent first. */
const VOCABULARY = {
  failed: { icon: ':red_circle:', words: 'failed', counted: 'failing' },
  warning: { icon: ':large_yellow_circle:', words: 'completed with warnings', counted: 'with warnings' },
  running: { icon: ':arrows_counterclockwise:', words: 'running', counted: 'running' },
  queued: { icon: ':hourglass:', words: 'queued', counted: 'queued' },
  unknown: { icon: ':grey_question:', words: 'status unavailable', counted: 'unknown' },
  canceled: { icon: ':no_entry_sign:', words: 'canceled', counted: 'canceled' },
  completed: { icon: ':large_green_circle:', words: 'completed', counted: 'healthy' },
  never_run: { icon: ':white_circle:', words: 'never run', counted: 'never run' },
  paused: { icon: ':double_vertical_bar:', words: 'paused', counted: 'paused' },
} as const;

export type SyncStateKind = keyof typeof VOCABULARY;

/** What a person sees for a sync or a run: one icon and the same words in every message. */
export interface SyncState {
  kind: SyncStateKind;
  icon: string;
  /** Already mrkdwn-safe: fixed words, or an unrecognised Polytomic status escaped. */
  words: string;
  /** When it started (running, queued) or ended (finished runs), ISO 8601. */
  since?: string;
}

const STATE_KINDS = Object.keys(VOCABULARY) as SyncStateKind[];

/** The state of a kind, as alerts and counts name it. */
export function stateOf(kind: SyncStateKind, since?: string): SyncState {
  return { kind, icon: VOCABULARY[kind].icon, words: VOCABULARY[kind].words, since };
}

/** How a count of syncs in this state is worded: `failing`, `with warnings`, `healthy`. */
export const countedAs = (kind: SyncStateKind): string => VOCABULARY[kind].counted;

/** The icon alone, for what shares the colours without being a sync (a connection's health). */
export const stateIcon = (kind: SyncStateKind): string => VOCABULARY[kind].icon;

// Execution statuses from Polytomic's UtilExecutionStatus and BulkExecutionStatus enums. Which of them mean
// waiting, running or a warning is our reading of the names (unconfirmed by Polytomic docs); the enums are
// open, so an unrecognised status is shown as it comes, never guessed.
const QUEUED = new Set(['created', 'scheduled', 'queued', 'waiting']);
const RUNNING = new Set(['running', 'processing', 'exporting', 'canceling']);
const FAILED = new Set(['failed', 'interrupted']);
const WARNING = new Set(['errors', 'completed_with_errors', 'completed_with_error']);

/** What a run's state is read from. */
export type RunTimes = Pick<RunSummary, 'status' | 'createdAt' | 'startedAt' | 'completedAt' | 'counts'>;

/** One run's state; a completed run that reports errored records or warnings completed with warnings. */
export function runState(run: RunTimes): SyncState {
  const ended = run.completedAt ?? run.startedAt;
  if (QUEUED.has(run.status)) return stateOf('queued', run.createdAt);
  if (RUNNING.has(run.status)) return stateOf('running', run.startedAt ?? run.createdAt);
  if (FAILED.has(run.status)) return stateOf('failed', ended);
  if (run.status === 'canceled') return stateOf('canceled', ended);
  if (WARNING.has(run.status)) return stateOf('warning', ended);
  if (run.status === 'completed')
    return stateOf((run.counts.errored ?? 0) > 0 || (run.counts.warnings ?? 0) > 0 ? 'warning' : 'completed', ended);
  return { ...stateOf('unknown', ended), words: escapeWithin(run.status, 100) };
}

/** Running or waiting to run: a run Cancel still acts on. */
export const inProgress = (state: SyncState): boolean => state.kind === 'running' || state.kind === 'queued';

/**
 * A sync's state: a run in progress wins (pausing does not stop it), then a paused sync is paused
 * whatever its last run did, then the last run. Without a status (Polytomic would not say) it is unknown.
 */
export function syncState(sync: Pick<SyncRef, 'active'>, status: SyncStatus | undefined): SyncState {
  const current = status?.current && runState(status.current);
  if (current && inProgress(current)) return current;
  if (!sync.active) return stateOf('paused');
  if (!status) return stateOf('unknown');
  return status.last ? runState(status.last) : stateOf('never_run');
}

/** The run in progress, if any: what the card shows as "Running now" and what Cancel acts on. */
export function runInProgress(status: SyncStatus): RunSummary | undefined {
  return status.current && inProgress(runState(status.current)) ? status.current : undefined;
}

/** The words with their time: `running since <date>`, `failed <date>`, `never run`. */
export function stateText(state: SyncState): string {
  const date = slackDate(state.since);
  if (!date) return state.words;
  return `${state.words} ${inProgress(state) ? 'since ' : ''}${date}`;
}

/** Icon, words and time: how every renderer shows a state. */
export const describeState = (state: SyncState): string => `${state.icon} ${stateText(state)}`;

/** `1 failing · 0 with warnings · 2 running · 0 paused · 3 healthy`: those in `always`, the others when present. */
export function tallyStates(
  states: readonly SyncState[],
  always: readonly SyncStateKind[] = ['failed', 'warning', 'running', 'paused'],
): string {
  return STATE_KINDS.flatMap((kind) => {
    const n = states.filter((s) => s.kind === kind).length;
    return n > 0 || always.includes(kind) ? [`${n} ${VOCABULARY[kind].counted}`] : [];
  }).join(' · ');
}

/** Sorts most urgent first, then by name. */
export const byUrgency = (a: { state: SyncState; name: string }, b: { state: SyncState; name: string }): number =>
  STATE_KINDS.indexOf(a.state.kind) - STATE_KINDS.indexOf(b.state.kind) || a.name.localeCompare(b.name);
