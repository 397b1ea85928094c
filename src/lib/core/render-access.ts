import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import type { AccessPolicy, ChangeAction } from './policy.js';

const DOING: Record<ChangeAction, string> = {
  refresh: 'refresh connection schemas',
  start: 'start syncs',
  cancel: 'cancel sync runs',
  pause: 'pause syncs',
  resume: 'resume syncs',
  digest: 'change digest subscriptions',
  watch: 'change which syncs this channel watches',
  webhook: "change Polytomic's webhook",
  alert: 'take, release or snooze alerts',
};

/** A refusal that says what was refused, why, and who can grant access. */
export function renderAccessRefused(
  policy: AccessPolicy,
  action: ChangeAction,
  reason: 'user' | 'channel' | 'guest',
): SlackMessage {
  if (reason === 'guest') {
    return textMessage(
      `:no_entry: This bot belongs to another organisation's workspace: you can look things up, but not ${DOING[action]}. Nothing was changed.`,
    );
  }
  const who = policy.contact ?? 'the people who run this bot for your workspace';
  const allowedChannels = policy.channels.map((c) => `<#${c}>`).join(', ');
  return textMessage(
    reason === 'channel'
      ? `:no_entry: I only ${DOING[action]} in ${allowedChannels}. Ask there, or ask ${who} to allow this channel. Nothing was changed.`
      : `:no_entry: You are not allowed to ${DOING[action]} through this bot. Ask ${who} to grant you access. Nothing was changed.`,
  );
}

/** When Slack could not say who is in the allowed user groups, on the press's last attempt. */
export function renderAccessUnchecked(): SlackMessage {
  return textMessage(
    ":warning: I couldn't check whether you may do this just now (Slack did not answer), so nothing was changed. Please try again in a minute.",
  );
}
