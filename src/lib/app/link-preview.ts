import type { KnownBlock } from '@slack/types';
import type { LinkTarget } from '../core/link-preview.js';
import { previewTargets } from '../core/link-preview.js';
import type { SlackMessage } from '../core/message.js';
import { connectionCard } from './connections.js';
import { PolytomicError } from './ports/polytomic.js';
import type { SlackApi } from './ports/slack.js';
import type { SyncActionDeps } from './sync-actions.js';
import { renderCurrentCard } from './sync-actions.js';

export interface LinkPreviewDeps extends SyncActionDeps {
  slack: SlackApi;
}

/** A `link_shared` event as the worker reads it. */
export interface SharedLinks {
  unfurlId: string;
  source: string;
  urls: string[];
}

/**
 * Previews the Polytomic links of a message (at most five): each sync's or connection's card as it stands
 * now, with its buttons, attached by one `chat.unfurl`. A link to something Polytomic does not know (or will
 * not show) is left as it is; Polytomic being down fails the job, which tries again.
 */
export async function previewLinks(deps: LinkPreviewDeps, shared: SharedLinks): Promise<string> {
  const targets = previewTargets(shared.urls, deps.polytomicUrl);
  if (targets.length === 0) return 'no_polytomic_links';
  const cards = await Promise.all(
    targets.map(async ({ url, target }) => {
      try {
        return { url, card: await cardOf(deps, target) };
      } catch (error) {
        if (!(error instanceof PolytomicError) || error.transient) throw error;
        deps.log.warn('link left without a preview: Polytomic refused', { kind: target.kind, code: error.code });
        return undefined;
      }
    }),
  );
  const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
  for (const found of cards) if (found?.card.blocks) unfurls[found.url] = { blocks: found.card.blocks };
  if (Object.keys(unfurls).length === 0) return 'nothing_to_preview';
  await deps.slack.unfurl({ unfurlId: shared.unfurlId, source: shared.source, unfurls });
  return `previewed:${Object.keys(unfurls).length}`;
}

const cardOf = (deps: LinkPreviewDeps, target: LinkTarget): Promise<SlackMessage> =>
  target.kind === 'connection'
    ? connectionCard(deps.polytomic, target.id)
    : renderCurrentCard(deps, { kind: target.kind, id: target.id }, { shareable: false });
