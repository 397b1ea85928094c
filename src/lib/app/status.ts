import { PolytomicError } from '../adapters/polytomic/errors.js';
import type { PolytomicApi } from '../adapters/polytomic/client.js';
import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { renderAmbiguous, renderNotFound } from '../core/render-names.js';
import { renderSyncOverview, renderSyncStatus, syncChoice } from '../core/render-status.js';
import type { SyncOverviewRow } from '../core/render-status.js';
import type { Log } from '../log.js';

export interface StatusDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  clock: Clock;
  log: Log;
}

// Enough parallelism to answer an overview of a few hundred syncs within seconds, little enough to stay polite.
const STATUS_CONCURRENCY = 8;

/** `/polytomic status [sync]`: one sync's card by name or id, or every sync at a glance. */
export async function lookUpStatus(deps: StatusDeps, query: string, commandName: string): Promise<SlackMessage> {
  const syncs = await deps.polytomic.listSyncs();
  if (query === '') return overview(deps, syncs, commandName);
  const match = matchName(syncs, query);
  const usage = `${commandName} status`;
  if (match.kind === 'not_found') {
    return renderNotFound({ noun: 'sync', query, usage, suggestions: match.suggestions.map(syncChoice), listHint: `Use \`${usage}\` to see every sync.` });
  }
  if (match.kind === 'ambiguous') return renderAmbiguous({ noun: 'sync', query, usage, matches: match.items.map(syncChoice) });
  const status = await deps.polytomic.getSyncStatus(match.item);
  // The command's answer is ephemeral, so the card offers to share itself.
  return renderSyncStatus({ sync: match.item, status, polytomicUrl: deps.polytomicUrl, asOf: deps.clock.now(), shareable: true });
}

async function overview(deps: StatusDeps, syncs: Awaited<ReturnType<PolytomicApi['listSyncs']>>, commandName: string) {
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
