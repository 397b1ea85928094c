import { explainPolytomicFailure } from '../core/failure.js';
import type { SlackMessage } from '../core/message.js';
import { renderHome, renderHomeUnavailable } from '../core/render-home.js';
import type { HomeChannelsDeps } from './home-channels.js';
import { readHomeChannels } from './home-channels.js';
import type { OverviewDeps } from './overview.js';
import { lastSweep, readOverview } from './overview.js';
import { PolytomicError } from './ports/polytomic.js';
import type { RefreshStore } from './ports/refresh-store.js';
import type { SlackApi } from './ports/slack.js';

export interface HomeDeps extends OverviewDeps, HomeChannelsDeps {
  slack: SlackApi;
  refreshStore: RefreshStore;
}

// A Home lists what is in progress; more refreshes than this at once are beyond a glance.
const MAX_REFRESHES_SHOWN = 20;

/**
 * Publishes a person's Home tab from the team's overview (one sweep of Polytomic serves everyone for
 * 30 s), with a sync's card on top when one was asked for on the Home (Details, or a press on that card),
 * and what the person's channels hear from the bot.
 * When Polytomic fails, the Home says so and shows the last good sweep with its time.
 */
export async function publishHome(
  deps: HomeDeps,
  request: { teamId: string; userId: string; command: string; card?: SlackMessage },
): Promise<'published' | 'stale' | 'unavailable'> {
  const { teamId, userId, command, card } = request;
  const [refreshes, channels] = await Promise.all([
    deps.refreshStore.listActive(MAX_REFRESHES_SHOWN),
    readHomeChannels(deps, userId),
  ]);
  const shown = { command, refreshes, card, channels };
  try {
    const sweep = await readOverview(deps, teamId);
    await deps.slack.publishHome(userId, renderHome({ ...sweep, ...shown }));
    return 'published';
  } catch (error) {
    if (!(error instanceof PolytomicError)) throw error;
    deps.log.warn('home shows the last good overview: Polytomic failed', { code: error.code });
    const unavailable = explainPolytomicFailure(error);
    const last = await lastSweep(deps, teamId);
    const view = last
      ? renderHome({ ...last, ...shown, unavailable })
      : renderHomeUnavailable({ explanation: unavailable, ...shown });
    await deps.slack.publishHome(userId, view);
    return last ? 'stale' : 'unavailable';
  }
}
