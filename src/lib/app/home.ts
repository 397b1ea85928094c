import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import { MANIFEST_COMMAND } from '../core/commands/registry.js';
import { explainPolytomicFailure } from '../core/failure.js';
import type { SlackMessage } from '../core/message.js';
import { keptCard, renderHome, renderHomeUnavailable } from '../core/render-home.js';
import type { ChannelsUnreadable } from '../core/render-home-channels.js';
import type { Log } from '../log.js';
import type { ChannelReads, HomeChannelsDeps } from './home-channels.js';
import { listChannels, readHomeChannels } from './home-channels.js';
import type { OverviewDeps } from './overview.js';
import { lastSweep, readOverview } from './overview.js';
import type { HomeViewStore } from './ports/home-view-store.js';
import { PolytomicError } from './ports/polytomic.js';
import type { RefreshStore } from './ports/refresh-store.js';
import type { ChannelList, SlackApi } from './ports/slack.js';

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
  request: {
    teamId: string;
    userId: string;
    command: string;
    card?: SlackMessage;
    /** Her channels as already listed (or Slack's refusal to); absent, Slack is asked. */
    channels?: ChannelList | ChannelsUnreadable;
    /** Channels already read for other Homes of the same republish. */
    reads?: ChannelReads;
  },
): Promise<'published' | 'stale' | 'unavailable'> {
  const { teamId, userId, command, card } = request;
  const [refreshes, channels] = await Promise.all([
    deps.refreshStore.listActive(MAX_REFRESHES_SHOWN),
    readHomeChannels(deps, request.channels ?? (await listChannels(deps, userId)), request.reads),
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

export const HOME_POLICY = {
  /** A Home opened (or refreshed, or pressed on) this recently is republished when what it shows changes. */
  liveMs: 30 * 60_000,
  /** Republishes begin at least this far apart: a burst of changes costs one. */
  republishGapMs: 30_000,
  /** At most this many Homes a republish, the most recently looked at first (views.publish is Tier 4). */
  maxRepublished: 50,
};

const REPUBLISH_CONCURRENCY = 4;
// Longer than a republish of `maxRepublished` Homes takes; a run that dies is taken over after it.
const REPUBLISH_LEASE_MS = 2 * 60_000;

/**
 * Publishes a Home at its person's asking, and remembers it so the Home is kept current while they look: with
 * the card on top and the channels Slack listed (users.conversations is Tier 3: republishing 50 Homes must not
 * list 50 people's channels again).
 */
export async function showHome(
  deps: HomeDeps & { homeViewStore: HomeViewStore },
  request: { teamId: string; userId: string; card?: SlackMessage },
): Promise<'published' | 'stale' | 'unavailable'> {
  const listed = await listChannels(deps, request.userId);
  const shown = await publishHome(deps, { ...request, command: MANIFEST_COMMAND, channels: listed });
  await deps.homeViewStore.viewed({
    teamId: request.teamId,
    userId: request.userId,
    at: deps.clock.now(),
    card: request.card && JSON.stringify(request.card),
    channels: 'unreadable' in listed ? undefined : listed,
  });
  return shown;
}

/**
 * Something a Home shows changed: the Homes being looked at are republished at the poller's next tick. What
 * changed is already saved, so a failure here only leaves those Homes as they are until the next change or
 * their next opening: it is logged, not thrown.
 */
export async function homesChanged(deps: { homeViewStore: HomeViewStore; clock: Clock; log: Log }): Promise<void> {
  try {
    await deps.homeViewStore.markStale(deps.clock.now(), HOME_POLICY.republishGapMs);
  } catch (error) {
    deps.log.warn('homes not marked for republishing', { error });
  }
}

/**
 * The poller's pass: when a republish is due, publishes again each Home looked at in the last `liveMs`, with
 * the card it had on top (saying when it was drawn). One Home Slack refuses is logged and left; the rest go on.
 */
export async function republishHomes(
  deps: HomeDeps & { homeViewStore: HomeViewStore },
): Promise<{ republished: number; failed: number }> {
  const now = deps.clock.now();
  const held = await deps.homeViewStore.claimDue(now, now + REPUBLISH_LEASE_MS);
  if (!held) return { republished: 0, failed: 0 };
  const views = await deps.homeViewStore.viewedSince(now - HOME_POLICY.liveMs, HOME_POLICY.maxRepublished);
  // Each channel is read once for all the Homes: 50 people in #data-alerts cost its three Queries, not 150.
  const reads: ChannelReads = new Map();
  let failed = 0;
  await mapWithConcurrency(views, REPUBLISH_CONCURRENCY, async (view) => {
    try {
      const card = view.card === undefined ? undefined : keptCard(JSON.parse(view.card) as SlackMessage, view.at);
      const { teamId, userId, channels } = view;
      await publishHome(deps, { teamId, userId, command: MANIFEST_COMMAND, card, channels, reads });
    } catch (error) {
      failed++;
      deps.log.warn('home not republished', { error, userId: view.userId });
    }
  });
  await deps.homeViewStore.finish(held, deps.clock.now());
  return { republished: views.length - failed, failed };
}
