import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { renderAmbiguous, renderNotFound, renderOnlyCloseMatch } from '../core/render-names.js';
import { renderSyncOverview, renderSyncStatus, syncChoice } from '../core/render-status.js';
import type { OverviewDeps } from './overview.js';
import { readOverview } from './overview.js';
import { readRecentRuns } from './recent-runs.js';

export interface StatusDeps extends OverviewDeps {
  polytomicUrl: string;
}

/** `/polytomic status [sync]`: one sync's card by name or id, or every sync at a glance. */
export async function lookUpStatus(
  deps: StatusDeps,
  request: { query: string; commandName: string; teamId: string },
): Promise<SlackMessage> {
  const { query, commandName } = request;
  if (query === '') return renderSyncOverview((await readOverview(deps, request.teamId)).rows, commandName);
  const syncs = await deps.polytomic.listSyncs();
  // Reading only: the one sync close to what was typed is shown, saying so, rather than asked about.
  const match = matchName(syncs, query, { acceptOnlyClose: true });
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
    note: match.close ? renderOnlyCloseMatch('sync', query) : undefined,
  });
}
