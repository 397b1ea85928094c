import type { RunSummary, SyncRef } from '../core/sync.js';
import type { Log } from '../log.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';

/** How many runs a sync's card shows in its run strip. */
export const RECENT_RUNS = 10;

/**
 * The runs for a card's strip. The strip is secondary: when Polytomic will not list the runs, the card
 * goes without it rather than fail (undefined), and the reason is logged.
 */
export async function readRecentRuns(
  deps: { polytomic: PolytomicApi; log: Log },
  sync: Pick<SyncRef, 'id' | 'kind'>,
): Promise<RunSummary[] | undefined> {
  try {
    return await deps.polytomic.listExecutions(sync, RECENT_RUNS);
  } catch (error) {
    if (!(error instanceof PolytomicError)) throw error;
    deps.log.warn('recent runs unavailable', { syncId: sync.id, code: error.code });
    return undefined;
  }
}
