import { formatDuration } from './mrkdwn.js';
import type { RunTimes } from './sync-state.js';
import { inProgress, runState } from './sync-state.js';

/** Milliseconds from `start` to `end` (ISO 8601, or epoch ms); undefined when either is missing or they are out of order. */
export function msBetween(start: string | undefined, end: string | number | undefined): number | undefined {
  if (!start || end === undefined) return undefined;
  const ms = (typeof end === 'number' ? end : Date.parse(end)) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * The latest runs at a glance, newest first, in one line (a context block holds at most 10 elements):
 * `Recent runs, newest first: :red_circle: 12s · :large_green_circle: 4m · …`. A run in progress shows how long it has been going.
 */
export function runStrip(runs: readonly RunTimes[], asOf: number): string {
  const shown = runs.map((run) => {
    const state = runState(run);
    const ms = msBetween(run.startedAt, inProgress(state) ? asOf : run.completedAt);
    return ms === undefined ? state.icon : `${state.icon} ${formatDuration(ms)}`;
  });
  return `Recent runs, newest first: ${shown.join(' · ')}`;
}
