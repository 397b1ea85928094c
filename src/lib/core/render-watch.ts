import type { WatchMode } from './alerts.js';
import { ALERT_POLICY } from './alerts.js';
import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { escapeCode, escapeText } from './mrkdwn.js';

// What `/polytomic watch` and `unwatch` answer. The list of watches is renderWatchList (render-alerts.ts).

const followed = (mode: WatchMode) => (mode === 'all-runs' ? 'every finished run of' : 'failures and recoveries of');

/** Said in the channel: who set it to hear about which sync (or, without a name, every sync). */
export const renderWatchAdded = (userId: string, mode: WatchMode, syncName?: string): SlackMessage =>
  textMessage(
    `:bell: <@${userId}> set this channel to hear about ${followed(mode)} ${syncName === undefined ? 'every sync' : `*${escapeText(syncName)}*`}.`,
  );

/** Said in the channel: who stopped the alerts for which sync (or, without a name, every sync). */
export const renderWatchRemoved = (userId: string, syncName?: string): SlackMessage =>
  textMessage(
    syncName === undefined
      ? `<@${userId}> stopped the alerts for every sync in this channel.`
      : `<@${userId}> stopped the alerts for *${escapeText(syncName)}* in this channel.`,
  );

export const renderUnwatchWhich = (commandName: string): SlackMessage =>
  textMessage(`Which sync should this channel stop watching? \`${commandName} unwatch <sync>\` or \`unwatch all\`.`);

export const renderNotWatchingAll = (): SlackMessage => textMessage('This channel does not watch every sync.');

export const renderNotWatched = (target: string, commandName: string): SlackMessage =>
  textMessage(
    `This channel does not watch a sync called *${escapeText(target)}*; \`${commandName} watch\` lists what it watches.`,
  );

export const renderWatchAmbiguous = (target: string, ids: readonly string[]): SlackMessage =>
  textMessage(
    `Several syncs are called *${escapeText(target)}*; watch one by its id: ${ids.map((id) => `\`${escapeCode(id)}\``).join(', ')}.`,
  );

export function renderWatchNotFound(target: string, suggestions: readonly string[]): SlackMessage {
  const close = suggestions.length
    ? ` Did you mean ${suggestions.map((name) => `*${escapeText(name)}*`).join(', ')}?`
    : '';
  return textMessage(`I couldn't find a sync called *${escapeText(target)}*.${close}`);
}

export const renderTooManyWatches = (commandName: string): SlackMessage =>
  textMessage(
    `This channel already watches ${ALERT_POLICY.watchesPerChannel} syncs; use \`${commandName} watch all\` instead.`,
  );
