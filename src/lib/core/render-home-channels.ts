import type { KnownBlock } from '@slack/types';
import type { Watch } from './alerts.js';
import type { DigestSubscription } from './digest.js';
import type { Incident } from './incident.js';
import { section } from './message.js';
import { escapeCode, escapeWithin, slackDate, truncate } from './mrkdwn.js';
import { describeSchedule, scopeText } from './render-digest.js';
import { alertOpenLink, snoozeWords, watchNotifies, whoIsOnIt } from './render-incident.js';
import { rulesSuffix } from './render-watch-rules.js';

/** What the bot does in one channel: its watches, the syncs snoozed there, its digests. */
export interface ChannelSettings {
  channelId: string;
  watches: readonly Watch[];
  /** Alerts posted there and not yet recovered: who is on each, or that nobody is. */
  open: readonly Incident[];
  /** Incidents snoozed now (expired snoozes left out by the caller, which knows the time). */
  snoozed: readonly Incident[];
  digests: readonly DigestSubscription[];
}

/** The Home's "Your channels": what a person's channels hear from the bot, or why it could not be read. */
export interface HomeChannels {
  /** Only channels with at least one watch, snooze or digest. */
  settings: readonly ChannelSettings[];
  /** How many of the person's channels were read (Slack lists them; past a bound the rest are not). */
  checked: number;
  /** The person is in more channels than were read. */
  more: boolean;
}

/** Slack would not list the person's channels: its error code, and whether trying again may help. */
export interface ChannelsUnreadable {
  unreadable: string;
  transient: boolean;
}

/** Why the person's channels are missing, in words: an install without the scopes is told how to fix it. */
export function describeUnreadable(failure: ChannelsUnreadable): string {
  if (failure.unreadable === 'missing_scope')
    return 'the app needs reinstalling to read them (Slack app settings → Install App), for the channels:read and groups:read scopes it now asks for.';
  const code = `\`${escapeCode(truncate(failure.unreadable, 100))}\``;
  return failure.transient
    ? `Slack did not list your channels just now (${code}); Refresh tries again.`
    : `Slack would not list your channels (${code}).`;
}

// A channel's block lists this many watches by name; the rest are counted, so one busy channel stays one block.
const WATCHES_NAMED = 8;

export const hasSettings = (c: ChannelSettings) =>
  c.watches.length + c.open.length + c.snoozed.length + c.digests.length > 0;

/** Channels with an open alert first (an incident under way), then a snooze (a failure silenced), then the busiest. */
export const byActivity = (a: ChannelSettings, b: ChannelSettings) =>
  b.open.length - a.open.length ||
  b.snoozed.length - a.snoozed.length ||
  weight(b) - weight(a) ||
  a.channelId.localeCompare(b.channelId);
const weight = (c: ChannelSettings) => c.watches.length + c.digests.length;

/** A watched sync's state icon, when the overview knows the sync. */
export type IconOf = (syncId: string) => string | undefined;

/**
 * One channel in one section: a line per open alert (who is on it), its watches (each with its sync's state
 * icon), a line per snooze and per digest.
 */
export function channelBlock(channel: ChannelSettings, iconOf: IconOf = () => undefined): KnownBlock {
  const lines = [`*<#${channel.channelId}>*`];
  for (const incident of channel.open) {
    const since = incident.openedAt ? ` since ${slackDate(new Date(incident.openedAt).toISOString())}` : '';
    lines.push(
      `:rotating_light: ${alertOpenLink(incident)} on ${syncName(incident.syncName)}${since} · ${whoIsOnIt(incident)}`,
    );
  }
  if (channel.watches.length > 0) {
    const named = channel.watches.slice(0, WATCHES_NAMED).map((w) => watchWords(w, iconOf(w.syncId)));
    const hidden = channel.watches.length - named.length;
    lines.push(`:eyes: Watches ${named.join('; ')}${hidden > 0 ? `; and ${hidden} more` : ''}`);
  }
  for (const incident of channel.snoozed)
    lines.push(
      `:zzz: ${syncName(incident.syncName)} snoozed by <@${incident.snooze!.by}> ${snoozeWords(incident.snooze!)}`,
    );
  for (const digest of channel.digests) {
    const state = digest.paused
      ? `:double_vertical_bar: paused (${escapeWithin(digest.paused.reason, 100)})`
      : `next ${slackDate(new Date(digest.nextRunAt).toISOString())}`;
    lines.push(`:calendar: Digest ${describeSchedule(digest.schedule)} for ${scopeText(digest.scope)} · ${state}`);
  }
  // section() cuts at a whole line, so a cut never splits a mention or a date token.
  return section(lines.join('\n'));
}

function watchWords(watch: Watch, icon: string | undefined): string {
  const name = watch.syncId === 'ALL' ? '*every sync*' : syncName(watch.syncName ?? watch.syncId);
  const what = icon ? `${icon} ${name}` : name;
  const how = watch.mode === 'all-runs' ? 'every finished run' : 'failures';
  return `${what} (${how}${rulesSuffix(watch.rules)}${watchNotifies(watch)})`;
}

const syncName = (name: string) => `*${escapeWithin(name, 150)}*`;
