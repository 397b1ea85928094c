import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { AUDIT_PAGE_SIZE, renderAudit } from '../core/render-audit.js';
import { connectionChoice } from '../core/render-connection.js';
import type { NamedChoice } from '../core/render-names.js';
import { renderAmbiguous, renderNotFound } from '../core/render-names.js';
import { syncChoice } from '../core/render-status.js';
import type { AuditStore } from './ports/audit-store.js';
import type { PolytomicApi } from './ports/polytomic.js';

/** `/polytomic audit [sync|connection]`: the recent changes, across everything or for one sync or connection. */
export async function lookUpAudit(
  deps: { polytomic: PolytomicApi; auditStore: AuditStore },
  query: string,
  commandName: string,
): Promise<SlackMessage> {
  if (query === '') return auditPage(deps.auditStore, { continued: false });
  const [syncs, connections] = await Promise.all([deps.polytomic.listSyncs(), deps.polytomic.listConnections()]);
  const choices: NamedChoice[] = [...syncs.map(syncChoice), ...connections.map(connectionChoice)];
  const match = matchName(choices, query);
  const usage = `${commandName} audit`;
  if (match.kind === 'ambiguous')
    return renderAmbiguous({ noun: 'sync or connection', query, usage, matches: match.items });
  if (match.kind === 'not_found') {
    return renderNotFound({
      noun: 'sync or connection',
      query,
      usage,
      suggestions: match.suggestions,
      listHint: `\`${usage}\` alone lists every change.`,
    });
  }
  return auditPage(deps.auditStore, { targetId: match.item.id, targetName: match.item.name, continued: false });
}

/** One page of the trail, newest first; `before` continues from a Show older button. */
export async function auditPage(
  audit: AuditStore,
  input: { targetId?: string; targetName?: string; before?: string; continued: boolean },
): Promise<SlackMessage> {
  const page = await audit.list({ targetId: input.targetId, before: input.before, limit: AUDIT_PAGE_SIZE });
  const targetName = input.targetName ?? (input.targetId ? page.entries[0]?.target.name : undefined);
  return renderAudit({
    entries: page.entries,
    targetId: input.targetId,
    targetName,
    before: page.before,
    continued: input.continued,
  });
}
