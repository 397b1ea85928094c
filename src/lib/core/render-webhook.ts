import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { escapeCode, slackDate } from './mrkdwn.js';

// What `/polytomic webhook [setup]` answers.

const when = (ms: number) => slackDate(new Date(ms).toISOString());

/** `webhook setup` from a request that did not say where the bot is reached. */
export const renderNoPublicAddress = (): SlackMessage =>
  textMessage(':warning: I could not tell my own public address from this request, so I set nothing up.');

/** `webhook setup` done; `replaced` is the endpoint Polytomic sent to before, when it was another. */
export function renderWebhookSetUp(endpoint: string, replaced: string | null | undefined): SlackMessage {
  const replacing = replaced
    ? ` It replaces the webhook that pointed at \`${escapeCode(replaced)}\` (Polytomic allows one per organisation).`
    : '';
  return textMessage(
    `:white_check_mark: Polytomic now sends its sync events to \`${escapeCode(endpoint)}\`, signed with a new secret.${replacing} Channels hear about the syncs they \`/polytomic watch\`.`,
  );
}

/** `webhook`: where Polytomic sends events, whether that is this bot, who set it up, and how far the catch-up read. */
export function renderWebhookState(input: {
  webhook?: { endpoint?: string | null; disabled?: boolean | null };
  /** The webhook points at this bot. */
  ours: boolean;
  setUpBy?: { userId: string; at: number };
  caughtUpTo?: number;
  commandName: string;
}): SlackMessage {
  const { webhook, commandName } = input;
  const caughtUp =
    input.caughtUpTo === undefined
      ? ''
      : ` Missed deliveries are caught up from Polytomic's event list; it was last read up to ${when(input.caughtUpTo)}.`;
  if (!webhook)
    return textMessage(
      `Polytomic has no webhook for this organisation, so alerts come only from the catch-up, a minute late. \`${commandName} webhook setup\` registers one.${caughtUp}`,
    );
  const state = webhook.disabled ? ':double_vertical_bar: disabled' : ':large_green_circle: enabled';
  const who = input.setUpBy ? ` Set up by <@${input.setUpBy.userId}> ${when(input.setUpBy.at)}.` : '';
  return textMessage(
    `Polytomic's webhook (${state}) sends events to \`${escapeCode(webhook.endpoint ?? 'nowhere')}\`${input.ours ? ', this bot.' : `, which is not this bot: \`${commandName} webhook setup\` points it here.`}${who}${caughtUp}`,
  );
}
