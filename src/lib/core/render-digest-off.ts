import type { KnownBlock } from '@slack/types';
import { DIGEST_OFF_ACTIONS, digestOffValue } from './buttons.js';
import type { DigestSubscription } from './digest.js';
import type { SlackMessage } from './message.js';
import { confirmDialog, context, section, textMessage } from './message.js';
import { escapeCode } from './mrkdwn.js';
import { describeSchedule, scopeText } from './render-digest.js';

const describeDigest = (s: DigestSubscription) =>
  `\`${s.id}\` ${describeSchedule(s.schedule)} for ${scopeText(s.scope)}`;

/** `digest off` with several digests: which one? Each has its own button, and all go at once only after a confirm. */
export function renderDigestOffChoice(subscriptions: readonly DigestSubscription[], channelId: string): SlackMessage {
  const ids = subscriptions.map((s) => s.id);
  const blocks: KnownBlock[] = [
    section(`<#${channelId}> has ${subscriptions.length} digests. Which should I turn off?`),
    ...subscriptions.map(
      (s): KnownBlock => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${describeDigest(s)} · created by <@${s.createdBy}>${s.paused ? ' · paused' : ''}`,
        },
        accessory: {
          type: 'button',
          text: { type: 'plain_text', text: 'Turn off' },
          action_id: DIGEST_OFF_ACTIONS.one,
          value: s.id,
        },
      }),
    ),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: `Turn off all ${ids.length}` },
          style: 'danger',
          action_id: DIGEST_OFF_ACTIONS.all,
          value: digestOffValue(ids),
          confirm: confirmDialog(
            `Turn off all ${ids.length} digests?`,
            `Turn off every digest listed here (${ids.map((id) => `\`${id}\``).join(', ')}) in <#${channelId}>?`,
            'Turn off all',
          ),
        },
      ],
    },
    context('Only you can see this.'),
  ];
  return { text: `${subscriptions.length} digests in this channel: which should I turn off?`, blocks };
}

/** Said in the channel when someone turns digests off, naming each, so nobody wonders where theirs went. */
export function renderDigestsTurnedOff(userId: string, removed: readonly DigestSubscription[]): SlackMessage {
  const text =
    removed.length === 1
      ? `:wastebasket: <@${userId}> turned off the digest ${describeDigest(removed[0]!)} in this channel.`
      : `:wastebasket: <@${userId}> turned off ${removed.length} digests in this channel:\n${removed.map((s) => `• ${describeDigest(s)}`).join('\n')}`;
  return { text, blocks: [section(text)] };
}

/** A Turn off pressed twice, or by two people at once: the later press claims nothing. */
export const renderDigestsAlreadyOff = (ids: readonly string[]): SlackMessage =>
  textMessage(
    ids.length === 1 ? `The digest \`${escapeCode(ids[0]!)}\` is already off.` : 'Those digests are already off.',
  );

/** `digest off <id>` naming a digest the channel does not have. */
export const renderNoSuchDigest = (id: string, channelId: string, command: string): SlackMessage =>
  textMessage(`There is no digest \`${escapeCode(id)}\` in <#${channelId}>; \`${command} digest\` lists them.`);

/** `digest off` in a channel without digests. */
export const renderNoDigestToTurnOff = (channelId: string): SlackMessage =>
  textMessage(`<#${channelId}> has no digest to turn off.`);
