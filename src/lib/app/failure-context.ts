import type { AlertEntry } from '../core/alerts.js';
import type { FailureContext } from '../core/failure-context.js';
import { stripRun, summariseFailure } from '../core/failure-context.js';
import { runState } from '../core/sync-state.js';
import type { Timing } from '../core/timing.js';
import type { Log } from '../log.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';

type Entry = Pick<AlertEntry, 'syncId' | 'syncKind' | 'outcome' | 'executionId'>;

/**
 * The context of a failed or warning run, read once when its event arrives: the run the event named, or the
 * sync's latest when it named none. Context is secondary: when Polytomic fails or is slower than
 * `failureContextMs`, the alert goes without it (undefined) and the reason is logged, so reading it never
 * holds up or loses an alert.
 */
export async function readFailureContext(
  deps: { polytomic: PolytomicApi; log: Log; timing: Pick<Timing, 'failureContextMs'> },
  entry: Entry,
): Promise<FailureContext | undefined> {
  if (entry.outcome === 'completed') return undefined;
  const without = (reason: string) => {
    deps.log.warn('failure context unavailable; alerting without it', {
      syncId: entry.syncId,
      executionId: entry.executionId,
      reason,
    });
    return undefined;
  };
  const read = readRun(deps.polytomic, entry, deps.log).catch((error: unknown) => {
    if (!(error instanceof PolytomicError)) throw error;
    return without(error.code);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(without('deadline')), deps.timing.failureContextMs);
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

// The strip's length, as on the card.
const RECENT_RUNS = 10;

async function readRun(polytomic: PolytomicApi, entry: Entry, log: Log): Promise<FailureContext | undefined> {
  const sync = { id: entry.syncId, kind: entry.syncKind };
  if (!entry.executionId) {
    // The latest run is this event's only if it ended as the event says: a later run may have begun since.
    const runs = await polytomic.listExecutions(sync, RECENT_RUNS);
    const latest = runs[0];
    if (!latest || runState(latest).kind !== entry.outcome) return undefined;
    return { ...summariseFailure(latest), recentRuns: runs.map(stripRun) };
  }
  const [run, runs] = await Promise.all([
    polytomic.getExecution(sync, entry.executionId),
    // The strip is the least of the context: without it the alert still has the run's counts and errors.
    polytomic.listExecutions(sync, RECENT_RUNS).catch((error: unknown) => {
      if (!(error instanceof PolytomicError)) throw error;
      log.warn('recent runs unavailable; the alert goes without its strip', { syncId: entry.syncId, code: error.code });
      return [];
    }),
  ]);
  const context = summariseFailure(run);
  // The strip ends with the failed run: runs since then (the event may be late) would make it say otherwise.
  const from = runs.findIndex((recent) => recent.id !== undefined && recent.id === context.executionId);
  return from >= 0 ? { ...context, recentRuns: runs.slice(from).map(stripRun) } : context;
}
