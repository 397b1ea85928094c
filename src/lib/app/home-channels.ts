import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import { isOpen, isSnoozed } from '../core/incident.js';
import type { ChannelSettings, ChannelsUnreadable, HomeChannels } from '../core/render-home-channels.js';
import { byActivity, hasSettings } from '../core/render-home-channels.js';
import type { Log } from '../log.js';
import type { AlertStore } from './ports/alert-store.js';
import type { DigestStore } from './ports/digest-store.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { ChannelList, SlackApi } from './ports/slack.js';
import { SlackError } from './ports/slack.js';

export interface HomeChannelsDeps {
  slack: SlackApi;
  alertStore: AlertStore;
  incidentStore: IncidentStore;
  digestStore: DigestStore;
  clock: Clock;
  log: Log;
}

// One page of users.conversations: more channels than most people are in. Each costs three small Queries,
// run a few at a time so one Home never floods the table.
const CHANNELS_READ = 200;
const READS_IN_FLIGHT = 8;

/**
 * The channels a person is in, from Slack (which keeps them: the bot keeps no copy to go stale, beyond a
 * Home's republishes for the half hour after its person opened it). Slack refusing the listing is an answer
 * the Home shows, not a failure.
 */
export async function listChannels(
  deps: Pick<HomeChannelsDeps, 'slack' | 'log'>,
  userId: string,
): Promise<ChannelList | ChannelsUnreadable> {
  try {
    return await deps.slack.channelsOf(userId, CHANNELS_READ);
  } catch (error) {
    if (!(error instanceof SlackError)) throw error;
    deps.log.warn("home shows no channels: Slack would not list the person's channels", { error: error.error });
    return { unreadable: error.error, transient: error.transient };
  }
}

/** A channel's settings as read once for several Homes (a republish): many people share #data-alerts. */
export type ChannelReads = Map<string, Promise<ChannelSettings>>;

/**
 * What the channels a person is in hear from the bot: their watches, the syncs snoozed there and their
 * digests, read from each channel's own partitions (each once per `reads`, when given).
 */
export async function readHomeChannels(
  deps: HomeChannelsDeps,
  listed: ChannelList | ChannelsUnreadable,
  reads: ChannelReads = new Map(),
): Promise<HomeChannels | ChannelsUnreadable> {
  if ('unreadable' in listed) return listed;
  const now = deps.clock.now();
  const read = async (channelId: string): Promise<ChannelSettings> => {
    const [watches, incidents, digests] = await Promise.all([
      deps.alertStore.watchesOfChannel(channelId),
      deps.incidentStore.ofChannel(channelId),
      deps.digestStore.listForChannel(channelId),
    ]);
    return {
      channelId,
      watches,
      open: incidents.filter(isOpen),
      snoozed: incidents.filter((i) => isSnoozed(i, now)),
      digests,
    };
  };
  const settings = await mapWithConcurrency(listed.channelIds, READS_IN_FLIGHT, (channelId) => {
    if (!reads.has(channelId)) reads.set(channelId, read(channelId));
    return reads.get(channelId)!;
  });
  return {
    settings: settings.filter(hasSettings).sort(byActivity),
    checked: listed.channelIds.length,
    more: listed.more,
  };
}
