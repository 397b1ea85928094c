import type { AlertEntry } from '../core/alerts.js';
import type { FailureContext } from '../core/failure-context.js';
import { summariseFailure } from '../core/failure-context.js';
import { runState } from '../core/sync-state.js';
import type { Log } from '../log.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';

/**
 * The context of a failed or warning run, read once when its event arrives: the run the event named, or the
 * sync's latest when it named none. Context is secondary: when Polytomic fails, the alert goes without it
 * (undefined) and the reason is logged, so reading it never holds up or loses an alert.
 */
export async function readFailureContext(
  deps: { polytomic: PolytomicApi; log: Log },
  entry: Pick<AlertEntry, 'syncId' | 'syncKind' | 'outcome' | 'executionId'>,
): Promise<FailureContext | undefined> {
  if (entry.outcome === 'completed') return undefined;
  const sync = { id: entry.syncId, kind: entry.syncKind };
  try {
    if (entry.executionId) return summariseFailure(await deps.polytomic.getExecution(sync, entry.executionId));
    // The latest run is this event's only if it ended as the event says: a later run may have begun since.
    const [latest] = await deps.polytomic.listExecutions(sync, 1);
    return latest && runState(latest).kind === entry.outcome ? summariseFailure(latest) : undefined;
  } catch (error) {
    if (!(error instanceof PolytomicError)) throw error;
    deps.log.warn('failure context unavailable; alerting without it', {
      syncId: entry.syncId,
      executionId: entry.executionId,
      code: error.code,
    });
    return undefined;
  }
}
