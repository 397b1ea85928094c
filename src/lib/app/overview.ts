import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { SyncOverviewRow } from '../core/render-status.js';
import type { RunSummary } from '../core/sync.js';
import type { Log } from '../log.js';
import type { OverviewStore, OverviewSweep } from './ports/overview-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';

export interface OverviewDeps {
  polytomic: PolytomicApi;
  clock: Clock;
  log: Log;
  overviews: OverviewCaching;
}

/**
 * A burst of overviews (the status command, people opening Home) costs one sweep of Polytomic: a shared
 * item serves other instances for `maxAgeMs`, and within one instance, requests arriving during a sweep
 * wait for it (`inFlight`) instead of starting their own.
 */
export interface OverviewCaching {
  store: OverviewStore;
  maxAgeMs: number;
  inFlight: Map<string, Promise<OverviewSweep>>;
}

// Enough parallelism to sweep a few hundred syncs within seconds, little enough to stay polite.
const SWEEP_CONCURRENCY = 8;

/** Every sync of the team with its status and every connection, at most `maxAgeMs` old. A sweep that fails is thrown, never cached. */
export async function readOverview(deps: OverviewDeps, teamId: string): Promise<OverviewSweep> {
  const cached = await lastSweep(deps, teamId);
  if (cached && deps.clock.now() - cached.at <= deps.overviews.maxAgeMs) return cached;
  return sweepOnce(deps, teamId);
}

/** The last good sweep, however old (what a Home shows, with its time, while Polytomic is down). */
export const lastSweep = (deps: OverviewDeps, teamId: string): Promise<OverviewSweep | undefined> =>
  deps.overviews.store.read(teamId).catch((error: unknown) => {
    deps.log.warn('overview cache not readable', { error });
    return undefined;
  });

function sweepOnce(deps: OverviewDeps, teamId: string): Promise<OverviewSweep> {
  const { store, inFlight } = deps.overviews;
  const running = inFlight.get(teamId);
  if (running) return running;
  const sweeping = (async () => {
    const [rows, connections] = await Promise.all([sweepSyncs(deps), listConnections(deps)]);
    const swept = { rows, connections, at: deps.clock.now() };
    // The cache saves Polytomic calls; failing to fill it costs the next request a sweep, nothing more.
    await store.write(teamId, swept).catch((error: unknown) => deps.log.warn('overview cache not written', { error }));
    return swept;
  })().finally(() => inFlight.delete(teamId));
  inFlight.set(teamId, sweeping);
  return sweeping;
}

/** Every connection, or undefined when Polytomic will not list them: a Home still shows the syncs. */
async function listConnections(deps: OverviewDeps) {
  try {
    return await deps.polytomic.listConnections();
  } catch (error) {
    if (!(error instanceof PolytomicError)) throw error;
    deps.log.warn('connections unavailable for the overview', { code: error.code });
    return undefined;
  }
}

async function sweepSyncs(deps: OverviewDeps): Promise<SyncOverviewRow[]> {
  const syncs = await deps.polytomic.listSyncs();
  return mapWithConcurrency(syncs, SWEEP_CONCURRENCY, async (sync): Promise<SyncOverviewRow> => {
    try {
      const status = await deps.polytomic.getSyncStatus(sync);
      return { sync, status: { ...status, current: compact(status.current), last: compact(status.last) } };
    } catch (error) {
      // One unreadable sync must not hide the others; its row says "status unavailable".
      if (!(error instanceof PolytomicError)) throw error;
      deps.log.warn('sync status unavailable', { syncId: sync.id, code: error.code });
      return { sync };
    }
  });
}

/**
 * A run as an overview needs it (its state and times, counts for warnings), without the error texts and
 * tables that could fill the item: about 500 bytes a sync, so a few hundred stay under DynamoDB's 400 KB.
 */
const compact = (run: RunSummary | undefined): RunSummary | undefined =>
  run && { ...run, statusMessage: undefined, errors: [], schemas: undefined };
