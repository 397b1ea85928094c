import type { FailureContext } from './failure-context.js';
import type { RunCounts, SyncKind } from './sync.js';

/** `failures` (default): an alert when a sync starts failing, repeats in its thread, one recovery. `all-runs` adds every finished run. */
export type WatchMode = 'failures' | 'all-runs';

/**
 * A watch's rule beyond "failed": one of each kind per watch. `stale` and `running` are checked by the poller
 * (a run that never starts sends no event); `errors` is read from the event of a completed-with-errors run.
 */
export type WatchRule =
  | { kind: 'stale'; afterMs: number }
  | { kind: 'errors'; over: number; percent: boolean }
  | { kind: 'running'; afterMs: number; timesMedian?: undefined }
  | { kind: 'running'; timesMedian: number; afterMs?: undefined };

export interface Watch {
  channelId: string;
  /** A sync id, or `ALL` for every sync. */
  syncId: string;
  syncName?: string;
  mode: WatchMode;
  createdBy: string;
  createdAt: number;
  /** People (`U…`, `W…`) and user groups (`S…`) mentioned on the sync's first failure and its unowned reminder. */
  notify?: string[];
  /** Rules beyond "failed" (stale, errors, long-running); absent on watches set before rules existed. */
  rules?: WatchRule[];
}

/**
 * How a run ended, as far as alerts go. `canceled` comes only from a `running` rule's check: the late run it
 * alerted on was canceled, which ends that alert when it is the sync's only failure (`planAlerts`).
 */
export type RunOutcome = 'failed' | 'warning' | 'completed' | 'canceled';

/** One finished run, as an event reported it, waiting in a channel's outbox. */
export interface AlertEntry {
  eventId: string;
  at: number;
  syncId: string;
  syncName: string;
  syncKind: SyncKind;
  outcome: RunOutcome;
  error?: string;
  records?: number;
  /** The run the event reported, when it named one: what failure context is read from. */
  executionId?: string;
  /** The run's counts as the event reported them (errored and warnings included). */
  counts?: RunCounts;
  /** A failed or warning run's counts, errors and failed tables, read from Polytomic when the event came. */
  context?: FailureContext;
  /** The watch rule that made this a failure (`stale 6h`), as the person typed it; absent for a run that failed. */
  rule?: string;
}

/** What the channel was last told about a sync. */
export interface AlertState {
  failing: boolean;
  /** The message whose thread carries this sync's failures until it recovers. */
  threadTs?: string;
  lastEventAt: number;
  failures: number;
  version: number;
}

export const ALERT_POLICY = {
  /** More recoveries than this at once are announced in one message instead of one broadcast reply each. */
  maxRecoveryBroadcasts: 5,
  watchesPerChannel: 100,
  /** At this many failures in a row, the repeat reply in the alert's thread suggests pausing the sync (once an episode). */
  suggestPauseAt: 3,
};

// Event types as Polytomic documents them; note the bulk one is singular ("completed_with_error").
const OUTCOMES: Record<string, RunOutcome> = {
  'sync.failed': 'failed',
  'bulk_sync.failed': 'failed',
  'sync.completed_with_errors': 'warning',
  'bulk_sync.completed_with_error': 'warning',
  'bulk_sync.completed_with_errors': 'warning',
  'sync.completed': 'completed',
  'bulk_sync.completed': 'completed',
};

/** The finished-run outcome an event type reports, or undefined for events alerts ignore (running, canceled, unknown). */
export function classifyEvent(type: string): { outcome: RunOutcome; syncKind: SyncKind } | undefined {
  const outcome = OUTCOMES[type];
  return outcome ? { outcome, syncKind: type.startsWith('bulk_sync.') ? 'bulk' : 'model' } : undefined;
}

export interface AlertPlan {
  /** Syncs that went from healthy to failing: one alert (or one grouped alert). */
  newFailures: AlertEntry[];
  /** Further failures of syncs already failing: replies in their threads, each with how many failures in a row it makes. */
  repeats: { entry: AlertEntry; threadTs?: string; inARow: number }[];
  /** Failing syncs that completed again. */
  recoveries: { entry: AlertEntry; threadTs?: string }[];
  /** Every finished run of syncs watched in `all-runs` mode that is not already above. */
  runs: AlertEntry[];
  /**
   * Entries that change nothing, recorded without a message: older than what the channel already knows
   * (out-of-order deliveries), or a late run's cancel while the sync fails for more than that run.
   */
  ignored: AlertEntry[];
}

/**
 * Plans what a channel is told about its waiting entries, each sync on its own and oldest first. An entry
 * no newer than the last one the channel applied is stale: a `completed` that arrived before its `failed`
 * must not leave the channel believing the sync is failing. Of several ups and downs of one sync in a
 * batch (a catch-up after an outage), only its last episode is told: its failures (a new alert, or
 * repeats under the alert the channel already has) and the completion that ended them, so the messages
 * always end on the sync's real state.
 */
export function planAlerts(
  entries: readonly AlertEntry[],
  states: ReadonlyMap<string, AlertState | undefined>,
  modeOf: (syncId: string) => WatchMode | undefined,
): AlertPlan {
  const plan: AlertPlan = { newFailures: [], repeats: [], recoveries: [], runs: [], ignored: [] };
  const bySync = new Map<string, AlertEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.at - b.at || a.eventId.localeCompare(b.eventId))) {
    const mode = modeOf(entry.syncId);
    if (!mode) continue;
    if (entry.at <= (states.get(entry.syncId)?.lastEventAt ?? 0)) plan.ignored.push(entry);
    else bySync.set(entry.syncId, [...(bySync.get(entry.syncId) ?? []), entry]);
  }
  for (const [syncId, all] of bySync) {
    const before = states.get(syncId);
    const sorted = withoutCancelsThatEndNothing(all, before, plan.ignored);
    const failed = (e: AlertEntry) => e.outcome === 'failed';
    // The last episode starts at the first failure of the last run of failures.
    let start = sorted.findLastIndex(failed);
    while (start > 0 && failed(sorted[start - 1]!)) start--;
    const failures = start < 0 ? [] : sorted.slice(start).filter(failed);
    const recovery =
      start < 0 ? (before?.failing ? sorted[0] : undefined) : sorted.slice(start).find((e) => !failed(e));
    const threadTs = before?.failing ? before.threadTs : undefined;
    // The count goes on from what the channel knew only when nothing in this batch broke the run of failures.
    const carried = before?.failing && start === 0 ? before.failures : 0;
    failures.forEach((entry, i) => {
      if (i === 0 && !before?.failing) plan.newFailures.push(entry);
      else plan.repeats.push({ entry, threadTs, inARow: carried + i + 1 });
    });
    if (recovery) plan.recoveries.push({ entry: recovery, threadTs });
    if (modeOf(syncId) === 'all-runs') plan.runs.push(...sorted.filter((e) => !failed(e) && e !== recovery));
  }
  return plan;
}

/**
 * A late run's cancel ends the sync's failing only when the alert about that run is all of it: after a failed
 * run the sync still fails, so the cancel is recorded and told nothing.
 */
function withoutCancelsThatEndNothing(
  sorted: readonly AlertEntry[],
  before: AlertState | undefined,
  ignored: AlertEntry[],
): AlertEntry[] {
  let inARow = before?.failing ? before.failures : 0;
  return sorted.filter((entry) => {
    if (entry.outcome === 'failed') inARow++;
    else if (entry.outcome === 'canceled' && inARow !== 1) {
      ignored.push(entry);
      return false;
    } else inARow = 0;
    return true;
  });
}
