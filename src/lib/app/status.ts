import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { renderAmbiguous, renderNotFound } from '../core/render-names.js';
import type { SyncOverviewRow } from '../core/render-status.js';
import { renderSyncOverview, renderSyncStatus, syncChoice } from '../core/render-status.js';
import type { Log } from '../log.js';
import type { OverviewStore } from './ports/overview-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';
import { readRecentRuns } from './recent-runs.js';

export interface StatusDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  clock: Clock;
  log: Log;
  overviews: OverviewCaching;
}

/**
 * A burst of overviews costs one sweep of Polytomic: a shared item serves other instances for `maxAgeMs`,
 * and within one instance, requests arriving during a sweep wait for it (`inFlight`) instead of starting their own.
 */
export interface OverviewCaching {
  store: OverviewStore;
  maxAgeMs: number;
  inFlight: Map<string, Promise<SlackMessage>>;
}

// Enough parallelism to answer an overview of a few hundred syncs within seconds, little enough to stay polite.
const STATUS_CONCURRENCY = 8;

/** `/polytomic status [sync]`: one sync's card by name or id, or every sync at a glance. */
export async function lookUpStatus(
  deps: StatusDeps,
  request: { query: string; commandName: string; teamId: string },
): Promise<SlackMessage> {
  const { query, commandName } = request;
  if (query === '') return cachedOverview(deps, request.teamId, commandName);
  const syncs = await deps.polytomic.listSyncs();
  const match = matchName(syncs, query);
  const usage = `${commandName} status`;
  if (match.kind === 'not_found') {
    return renderNotFound({
      noun: 'sync',
      query,
      usage,
      suggestions: match.suggestions.map(syncChoice),
      listHint: `Use \`${usage}\` to see every sync.`,
    });
  }
  if (match.kind === 'ambiguous')
    return renderAmbiguous({ noun: 'sync', query, usage, matches: match.items.map(syncChoice) });
  const [status, recentRuns] = await Promise.all([
    deps.polytomic.getSyncStatus(match.item),
    readRecentRuns(deps, match.item),
  ]);
  // The command's answer is ephemeral, so the card offers to share itself.
  return renderSyncStatus({
    sync: match.item,
    status,
    recentRuns,
    polytomicUrl: deps.polytomicUrl,
    asOf: deps.clock.now(),
    shareable: true,
  });
}

function cachedOverview(deps: StatusDeps, teamId: string, commandName: string): Promise<SlackMessage> {
  const { store, maxAgeMs, inFlight } = deps.overviews;
  const key = `${teamId} ${commandName}`;
  const running = inFlight.get(key);
  if (running) return running;
  const answer = (async () => {
    const cached = await store
      .read(teamId, commandName)
      .catch((error: unknown) => deps.log.warn('overview cache not readable', { error }));
    if (cached && deps.clock.now() - cached.at <= maxAgeMs) return cached.message;
    const message = await overview(deps, commandName);
    // The cache saves Polytomic calls; failing to fill it costs the next request a sweep, nothing more.
    await store
      .write(teamId, commandName, { message, at: deps.clock.now() })
      .catch((error: unknown) => deps.log.warn('overview cache not written', { error }));
    return message;
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, answer);
  return answer;
}

async function overview(deps: StatusDeps, commandName: string) {
  const syncs = await deps.polytomic.listSyncs();
  const rows = await mapWithConcurrency(syncs, STATUS_CONCURRENCY, async (sync): Promise<SyncOverviewRow> => {
    try {
      return { sync, status: await deps.polytomic.getSyncStatus(sync) };
    } catch (error) {
      // One unreadable sync must not hide the others; its row says "status unavailable".
      if (!(error instanceof PolytomicError)) throw error;
      deps.log.warn('sync status unavailable', { syncId: sync.id, code: error.code });
      return { sync };
    }
  });
  return renderSyncOverview(rows, commandName);
}
