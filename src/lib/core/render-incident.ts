import type { KnownBlock } from '@slack/types';
import type { Watch } from './alerts.js';
import {
  GROUP_ALERT_ACTIONS,
  GROUP_ALERT_VALUE,
  groupSnoozeValue,
  INCIDENT_ACTIONS,
  snoozeValue,
  syncValue,
} from './buttons.js';
import { MAX_NOTIFY } from './commands/watch-notify.js';
import type { Incident, SnoozeChoice } from './incident.js';
import { SNOOZE_CHOICES } from './incident.js';
import type { SlackMessage } from './message.js';
import { actionButton, context, MAX_FALLBACK_TEXT, packLines, section, textMessage } from './message.js';
import { escapeText, slackDate, truncate } from './mrkdwn.js';

// What the incident workflow adds to a failure alert (the stamp, I'm on it / Release, Snooze) and what it says.

const time = (ms: number) => slackDate(new Date(ms).toISOString(), '{time}')!;
const date = (ms: number) => slackDate(new Date(ms).toISOString())!;
const syncName = (incident: Pick<Incident, 'syncName'>) => `*${escapeText(truncate(incident.syncName, 150))}*`;

/** A Slack id as a mention: a user group (`S…`) with Slack's subteam token, a person with `<@…>`. */
export const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);
const mentions = (ids: readonly string[]) => ids.map(mention).join(' ');

/** An open alert as the Home and the digest name it: a link to its message when Slack gave one. */
export const alertOpenLink = (incident: Pick<Incident, 'permalink'>): string =>
  incident.permalink ? `<${incident.permalink}|Alert open>` : 'Alert open';

/** Who is on an open alert, as the Home and the digest say it. */
export const whoIsOnIt = (incident: Pick<Incident, 'owner'>): string =>
  incident.owner ? `<@${incident.owner.userId}> is on it` : 'nobody is on it yet';

/** Until when a snooze holds, in words. */
export const snoozeWords = (snooze: NonNullable<Incident['snooze']>) =>
  snooze.until === undefined ? 'until it recovers' : `until ${date(snooze.until)}`;

type RootState = Pick<
  Incident,
  'syncId' | 'syncKind' | 'syncName' | 'owner' | 'snooze' | 'recoveredAt' | 'closedAs' | 'notify' | 'channelId'
>;

/**
 * A failure alert as it stands: the alert as first posted, the people it notifies, who is on it (or that
 * it recovered), a snooze, and the controls while it is open. Re-rendered whole from the stored alert and
 * incident on every change, so the message always says what is true now.
 */
export function renderAlertRoot(base: SlackMessage, incident: RootState): SlackMessage {
  const stamps: string[] = [];
  if (incident.recoveredAt !== undefined)
    stamps.push(
      `${incident.closedAs === 'canceled' ? ':no_entry_sign: Closed: the late run was canceled' : ':white_check_mark: Recovered'} ${date(incident.recoveredAt)}${incident.owner ? ` · <@${incident.owner.userId}> was on it` : ''}`,
    );
  else if (incident.owner)
    stamps.push(`:technologist: <@${incident.owner.userId}> is on it since ${time(incident.owner.since)}`);
  if (incident.snooze && incident.recoveredAt === undefined)
    stamps.push(`:zzz: Snoozed by <@${incident.snooze.by}> ${snoozeWords(incident.snooze)}`);
  const blocks: KnownBlock[] = [...(base.blocks ?? [])];
  if (incident.notify?.length) blocks.push(section(`:bell: ${mentions(incident.notify)}`));
  if (stamps.length) blocks.push(context(stamps.join('\n')));
  if (incident.recoveredAt === undefined) blocks.push(controls(incident));
  const notified = incident.notify?.length ? ` ${mentions(incident.notify)}` : '';
  return { text: truncate(`${base.text}${notified}`, MAX_FALLBACK_TEXT), blocks };
}

function controls(incident: RootState): KnownBlock {
  const sync = { id: incident.syncId, kind: incident.syncKind };
  return {
    type: 'actions',
    elements: [
      incident.owner
        ? actionButton('Release', INCIDENT_ACTIONS.release, syncValue(sync))
        : { ...actionButton("I'm on it", INCIDENT_ACTIONS.take, syncValue(sync)), style: 'primary' },
      snoozeMenu(INCIDENT_ACTIONS.snooze, 'Snooze', (choice) => snoozeValue(sync, choice)),
    ],
  };
}

/** I'm on it, Release and Snooze all for every failure a grouped alert tells (the thread's open ones when pressed). */
export const GROUP_CONTROLS: KnownBlock = {
  type: 'actions',
  elements: [
    { ...actionButton("I'm on it", GROUP_ALERT_ACTIONS.take, GROUP_ALERT_VALUE), style: 'primary' },
    actionButton('Release', GROUP_ALERT_ACTIONS.release, GROUP_ALERT_VALUE),
    snoozeMenu(GROUP_ALERT_ACTIONS.snooze, 'Snooze all', groupSnoozeValue),
  ],
};

/** The Snooze select: one option per SNOOZE_CHOICES, each carrying its value. */
function snoozeMenu(actionId: string, placeholder: string, optionValue: (choice: SnoozeChoice) => string) {
  return {
    type: 'static_select' as const,
    action_id: actionId,
    placeholder: { type: 'plain_text' as const, text: placeholder },
    options: SNOOZE_CHOICES.map((choice) => ({
      text: { type: 'plain_text' as const, text: choice.label },
      value: optionValue(choice.value),
    })),
  };
}

/** A grouped failure alert that also mentions the people and groups its syncs' watches notify (each once). */
export function withNotified(message: SlackMessage, ids: readonly string[]): SlackMessage {
  // Each watch names at most 10; a wave of syncs under different watches is bounded so the line stays short.
  const unique = [...new Set(ids)].slice(0, 20);
  if (unique.length === 0) return message;
  const line = `:bell: ${mentions(unique)}`;
  return {
    text: truncate(`${message.text} ${mentions(unique)}`, MAX_FALLBACK_TEXT),
    blocks: [...(message.blocks ?? []), section(line)],
  };
}

/** A reply in the alert's thread (a repeat failure) that also mentions who is on it. */
export function withOwner(message: SlackMessage, ownerId: string | undefined): SlackMessage {
  if (!ownerId) return message;
  const line = `<@${ownerId}> is on it.`;
  return { text: `${message.text} ${line}`, blocks: [...(message.blocks ?? []), context(line)] };
}

/** The one reminder when a snooze ends and the sync is still failing. */
export const renderSnoozeEnded = (incident: Incident, notify: readonly string[]): SlackMessage =>
  textMessage(
    `:alarm_clock: The snooze of ${syncName(incident)} is over and it is still failing.${owned(incident, notify)}`,
  );

/** The one reminder when nobody has taken a failure. */
export const renderUnownedReminder = (incident: Incident, notify: readonly string[], minutes: number): SlackMessage =>
  textMessage(
    `:rotating_light: ${syncName(incident)} has been failing for ${minutes} minutes and nobody has taken it.${notify.length ? ` ${mentions(notify)}, can one of you take it?` : ' Press *I’m on it* on the alert to take it.'}`,
  );

const owned = (incident: Incident, notify: readonly string[]) => {
  if (incident.owner) return ` <@${incident.owner.userId}> is on it.`;
  return notify.length ? ` ${mentions(notify)}` : ' Nobody has taken it.';
};

export const renderTaken = (incident: Incident): SlackMessage =>
  textMessage(
    `You are on ${syncName(incident)}; the alert says so, and its next failures mention you. Press *Release* to hand it back.`,
  );

export const renderTakenBy = (incident: Incident, userId: string): SlackMessage =>
  textMessage(
    incident.owner?.userId === userId
      ? `You are already on ${syncName(incident)}.`
      : `<@${incident.owner!.userId}> is already on ${syncName(incident)} (since ${time(incident.owner!.since)}); ask them, or wait until they release it. Nothing was changed.`,
  );

// A grouped alert names up to this many syncs in a line about them; the rest are counted.
const GROUP_NAMED = 10;
const syncList = (incidents: readonly Incident[]) => {
  const named = incidents.slice(0, GROUP_NAMED).map(syncName).join(', ');
  return incidents.length > GROUP_NAMED ? `${named} and ${incidents.length - GROUP_NAMED} more` : named;
};

/** Said in a grouped alert's thread, once per press: who took or released which of its failures. */
export const renderGroupPressed = (
  userId: string,
  kind: 'taken' | 'released',
  changed: readonly Incident[],
): SlackMessage =>
  textMessage(
    kind === 'taken'
      ? `:technologist: <@${userId}> is on ${syncList(changed)}.`
      : `<@${userId}> released ${syncList(changed)}; anyone can take ${changed.length === 1 ? 'it' : 'them'} now.`,
  );

/** Said in a grouped alert's thread, and to the presser, when Snooze all silenced its open failures. */
export const renderGroupSnoozed = (userId: string, snoozed: readonly Incident[]): SlackMessage =>
  textMessage(
    snoozed.length
      ? `:zzz: <@${userId}> snoozed ${syncList(snoozed)} ${snoozeWords(snoozed[0]!.snooze!)}: their failures are recorded but not posted here until then.`
      : 'None of these failures is open any more, so there is nothing to snooze.',
  );

/**
 * The presser's answer to I'm on it or Release on a grouped alert: what of its open failures is theirs now,
 * what is someone else's, or that none is open any more.
 */
export function renderGroupAnswer(
  userId: string,
  kind: 'taken' | 'released',
  changed: readonly Incident[],
  open: readonly Incident[],
): SlackMessage {
  const others = open.filter((i) => i.owner && i.owner.userId !== userId);
  const byOthers = others.length
    ? ` ${others
        .slice(0, GROUP_NAMED)
        .map((i) => `${syncName(i)} is <@${i.owner!.userId}>'s`)
        .join('; ')}${others.length > GROUP_NAMED ? `; and ${others.length - GROUP_NAMED} more are taken` : ''}.`
    : '';
  if (kind === 'taken') {
    const mine = open.filter((i) => i.owner?.userId === userId);
    if (open.length === 0) return textMessage('None of these failures is open any more, so there is nothing to take.');
    return textMessage(
      mine.length
        ? `You are on ${syncList(mine)}; their next failures mention you. Press *Release* here to hand them back.${byOthers}`
        : `Nothing was changed.${byOthers}`,
    );
  }
  return textMessage(
    changed.length
      ? `You released ${syncList(changed)}; anyone can take ${changed.length === 1 ? 'it' : 'them'} now.`
      : 'You are on none of these failures, so there is nothing to release. Nothing was changed.',
  );
}

/** Also the answer to a retried Release after someone else took it: both are said, both being true. */
export const renderReleased = (incident: Incident): SlackMessage =>
  textMessage(
    incident.owner
      ? `You released ${syncName(incident)}; <@${incident.owner.userId}> has taken it since.`
      : `You released ${syncName(incident)}; anyone can take it now.`,
  );

export const renderNotYours = (incident: Incident): SlackMessage =>
  textMessage(
    incident.owner
      ? `Only <@${incident.owner.userId}>, who is on ${syncName(incident)}, can release it. Nothing was changed.`
      : `Nobody is on ${syncName(incident)}, so there is nothing to release.`,
  );

/** Pressed on an alert that has recovered, or that a newer alert of the same sync replaced. */
export const renderAlertOver = (incident: Incident | undefined): SlackMessage =>
  textMessage(
    incident && incident.recoveredAt !== undefined
      ? `${syncName(incident)} ${incident.closedAs === 'canceled' ? 'is closed (its late run was canceled)' : 'has recovered'}; there is nothing to take. Nothing was changed.`
      : 'This alert is no longer the current one for its sync, so I did nothing; use the latest alert.',
  );

/** Said in the channel when a command snoozes; to the presser alone when the select does (the alert shows it). */
export const renderSnoozed = (incident: Incident, userId: string): SlackMessage =>
  textMessage(
    `:zzz: <@${userId}> snoozed ${syncName(incident)} ${snoozeWords(incident.snooze!)}: its failures are recorded but not posted here until then.`,
  );

export const renderUnsnoozed = (incident: Incident, userId: string): SlackMessage =>
  textMessage(`:bell: <@${userId}> ended the snooze of ${syncName(incident)}: its alerts are posted here again.`);

export const renderNotSnoozed = (target: string, command: string): SlackMessage =>
  textMessage(
    `No sync called *${escapeText(truncate(target, 150))}* is snoozed in this channel; \`${command} watch\` lists the snoozes.`,
  );

export const renderSnoozeUsage = (command: string): SlackMessage =>
  textMessage(
    `Snooze which sync, and for how long? \`${command} snooze <sync> 4h\` (minutes \`m\`, hours \`h\`, days \`d\`, weeks \`w\`, up to 30 days) or \`${command} snooze <sync> until it recovers\`.`,
  );

/** `watch <sync> notify …` with something that is not a mention. */
export const renderNotifyRefused = (refused: string, command: string): SlackMessage =>
  textMessage(
    `I can notify only people and user groups, typed as Slack mentions: \`${command} watch <sync> notify @person @group\` (at most ${MAX_NOTIFY}; \`notify none\` clears them). ${refused ? `*${escapeText(truncate(refused, 100))}* is not one of those. ` : ''}Nothing was changed.`,
  );

/** Said in the channel: who set which watch to notify whom (or no one). */
export const renderNotifySet = (userId: string, ids: readonly string[], syncName?: string): SlackMessage =>
  textMessage(
    `:bell: <@${userId}> set the alerts of ${syncName === undefined ? 'every sync' : `*${escapeText(truncate(syncName, 150))}*`} in this channel to ${ids.length ? `notify ${mentions(ids)}` : 'notify no one'}.`,
  );

/** `watch`'s list: the people a watch notifies, after its line. */
export const watchNotifies = (watch: Watch): string =>
  watch.notify?.length ? ` · notifies ${mentions(watch.notify)}` : '';

/** `watch`'s list: the syncs snoozed in the channel, one line each; nothing when none is. */
export function renderSnoozeList(snoozed: readonly Incident[]): KnownBlock[] {
  const lines = snoozed.map((i) => `• :zzz: ${syncName(i)} snoozed by <@${i.snooze!.by}> ${snoozeWords(i.snooze!)}`);
  return lines.length ? packLines(['*Snoozed*', ...lines], 3).map((s) => section(s.text)) : [];
}
