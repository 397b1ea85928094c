import type { KnownBlock } from '@slack/types';
import { CONNECTION_DETAILS_ACTION, connectionValue, HOME_REFRESH_ACTION, SYNC_ACTIONS, syncValue } from './buttons.js';
import type { Connection } from './connection.js';
import type { SlackMessage } from './message.js';
import { actionButton, context, MAX_SECTION_TEXT, section } from './message.js';
import { escapeText, slackDate, truncate } from './mrkdwn.js';
import type { Refresh } from './refresh.js';
import type { ChannelSettings, ChannelsUnreadable, HomeChannels, IconOf } from './render-home-channels.js';
import { channelBlock, describeUnreadable } from './render-home-channels.js';
import type { SyncOverviewRow } from './render-status.js';
import type { SyncState, SyncStateKind } from './sync-state.js';
import { byUrgency, stateIcon, stateText, syncState, tallyStates } from './sync-state.js';

/** A Home tab as `views.publish` takes it. */
export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

/** Slack's limit for a Home tab (a message allows 50). */
export const MAX_HOME_BLOCKS = 100;

// Listed one by one: what someone opening Home needs to act on or wait for. The rest is counted.
const NEEDS_ATTENTION: ReadonlySet<SyncStateKind> = new Set(['failed', 'warning', 'unknown', 'canceled']);
const IN_PROGRESS: ReadonlySet<SyncStateKind> = new Set(['running', 'queued']);

export interface HomeInput {
  rows: readonly SyncOverviewRow[];
  /** Every connection with its health; undefined when Polytomic would not list them. */
  connections?: readonly Connection[];
  /** Schema refreshes the bot is watching now. */
  refreshes?: readonly Refresh[];
  /** When the rows were read from Polytomic. */
  at: number;
  /** The slash command the hints name. */
  command: string;
  /** A sync's card, shown on top: what Details, or a press on a card in the Home, answered. */
  card?: SlackMessage;
  /** Why these rows are older than asked: what went wrong reading Polytomic, in words a person understands. */
  unavailable?: string;
  /** The watches, snoozes and digests of the person's channels, or why they could not be read. */
  channels?: HomeChannels | ChannelsUnreadable;
}

/**
 * The Home tab: every sync's state at a glance, those failing first (then unhealthy connections), those
 * running next (then schema refreshes in progress), each sync with a link to it in Polytomic; healthy,
 * paused and never-run syncs counted. Never more than 100 blocks: what
 * does not fit is counted, with how many of it are failing.
 */
export function renderHome(input: HomeInput): HomeView {
  const ranked = input.rows
    .map((row) => ({ ...row, name: row.sync.name, state: syncState(row.sync, row.status) }))
    .sort(byUrgency);
  const asOf = slackDate(new Date(input.at).toISOString());
  const top: KnownBlock[] = [
    HOME_HEADER,
    ...cardOnTop(input.card),
    section(
      ranked.length === 0
        ? 'There are no syncs in this Polytomic organisation yet.'
        : `*${ranked.length} sync${ranked.length === 1 ? '' : 's'}* · ${tallyStates(ranked.map((r) => r.state))}`,
    ),
    homeActions(input.connections),
    context(`As of ${asOf}. Times are shown in your Slack time zone.`),
  ];
  if (input.unavailable)
    top.push(
      section(
        `:warning: I couldn't read Polytomic just now, so this is how things stood ${asOf}. ${input.unavailable}`,
      ),
    );

  const attention = ranked.filter((r) => NEEDS_ATTENTION.has(r.state.kind));
  const running = ranked.filter((r) => IN_PROGRESS.has(r.state.kind));
  const rest = ranked.filter((r) => !NEEDS_ATTENTION.has(r.state.kind) && !IN_PROGRESS.has(r.state.kind));
  const unhealthy = (input.connections ?? []).filter((c) => c.status !== 'healthy');
  const footer = [
    ...(rest.length > 0 ? [context(`Not listed: ${notListed(rest.map((r) => r.state))}.`)] : []),
    ...(input.connections === undefined ? [context('Connections could not be read just now.')] : []),
    ...channelsNote(input.channels, input.command),
    context(
      `Type \`${input.command} status <sync>\` in a channel for a sync's card and its buttons, \`${input.command} status\` for every sync.`,
    ),
  ];

  const budget = blockBudget(MAX_HOME_BLOCKS - top.length - footer.length - 2);
  const statusLists = `\`${input.command} status\` lists them all.`;
  const syncRow = (r: (typeof ranked)[number]) => syncBlock(r, r.state);
  const listed = [
    ...budget.group('Needs attention', attention, syncRow, statusLists, (r) => r.state.kind === 'failed'),
    ...budget.group('Unhealthy connections', unhealthy, connectionBlock, statusLists, () => true),
    ...budget.group('Running now', running, syncRow, statusLists),
    ...budget.group('Refreshing schemas', input.refreshes ?? [], refreshBlock, statusLists),
  ];
  if (attention.length === 0 && running.length === 0 && unhealthy.length === 0 && ranked.length > 0 && budget.take(1))
    listed.push(section(':white_check_mark: Nothing is failing or running.'));
  const icons = new Map(ranked.map((r) => [r.sync.id, r.state.icon]));
  listed.push(...yourChannels(budget, input, (syncId) => icons.get(syncId)));
  return { type: 'home', blocks: [...top, { type: 'divider' }, ...listed, { type: 'divider' }, ...footer] };
}

/**
 * The Home when Polytomic fails and no earlier state is known: what went wrong, Refresh, and what the
 * person's channels hear from the bot (read from the table and Slack, so shown all the same).
 */
export function renderHomeUnavailable(input: {
  explanation: string;
  command: string;
  card?: SlackMessage;
  channels?: HomeInput['channels'];
}): HomeView {
  const top = [
    HOME_HEADER,
    ...cardOnTop(input.card),
    section(`:warning: I couldn't read Polytomic. ${input.explanation}`),
    homeActions(undefined),
  ];
  const footer = channelsNote(input.channels, input.command);
  const listed = yourChannels(blockBudget(MAX_HOME_BLOCKS - top.length - footer.length - 1), input, () => undefined);
  return {
    type: 'home',
    blocks: [...top, ...(listed.length ? [{ type: 'divider' } as const, ...listed] : []), ...footer],
  };
}

/** "Your channels": one block a channel with anything the bot does there, within the budget. */
const yourChannels = (budget: BlockBudget, input: Pick<HomeInput, 'channels' | 'command'>, iconOf: IconOf) =>
  budget.group(
    'Your channels',
    channelsShown(input.channels),
    (c: ChannelSettings) => channelBlock(c, iconOf),
    channelLists(input.command),
  );

type BlockBudget = ReturnType<typeof blockBudget>;

/**
 * Lists groups within what is left of a view's blocks: each costs a title block and a block a row; what
 * does not fit is counted (with how many of it are failing), never dropped silently.
 */
function blockBudget(room: number) {
  return {
    /** Takes `n` blocks if they are left. */
    take(n: number): boolean {
      if (room < n) return false;
      room -= n;
      return true;
    },
    group<T>(
      title: string,
      items: readonly T[],
      row: (item: T) => KnownBlock,
      where: string,
      failing = (_: T) => false,
    ) {
      if (items.length === 0 || room < 2) return [];
      room -= 1;
      const fits = items.length <= room ? items.length : Math.max(room - 1, 0);
      room -= fits;
      const blocks = [section(`*${title}*`), ...items.slice(0, fits).map(row)];
      const hidden = items.slice(fits);
      if (hidden.length > 0) {
        room -= 1;
        const down = hidden.filter(failing).length;
        blocks.push(context(`…and ${hidden.length} more not shown${down ? ` (${down} failing)` : ''}. ${where}`));
      }
      return blocks;
    },
  };
}

/** A card above the overview, set apart by a divider; a card is at most a message's 50 blocks, so the view stays within 100. */
/**
 * A card kept on top of a Home republished after it was drawn (the rest of the Home is read again, the card
 * is not): it says when it was drawn, and its own Update reads it again.
 */
export const keptCard = (card: SlackMessage, drawnAt: number): SlackMessage => ({
  ...card,
  blocks: [
    ...(card.blocks ?? [section(card.text)]),
    context(`:hourglass_flowing_sand: This card shows how things stood ${slackDate(new Date(drawnAt).toISOString())}.`),
  ],
});

const cardOnTop = (card: SlackMessage | undefined): KnownBlock[] =>
  card ? [...(card.blocks ?? [section(card.text)]), { type: 'divider' }] : [];

const HOME_HEADER: KnownBlock = { type: 'header', text: { type: 'plain_text', text: 'Polytomic', emoji: false } };
// Slack's limits for a static select: 100 options, each label 75 characters.
const MAX_MENU_OPTIONS = 100;
const MAX_OPTION_TEXT = 75;

/**
 * Refresh, and a menu of connections (by name, the first 100) that puts the one picked on top as its card,
 * with Refresh schema: the way to refresh a connection's schema from the Home.
 */
function homeActions(connections: readonly Connection[] | undefined): KnownBlock {
  const refresh = actionButton('Refresh', HOME_REFRESH_ACTION, 'home');
  if (!connections?.length) return { type: 'actions', elements: [refresh] };
  const options = [...connections]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_MENU_OPTIONS)
    .map((c) => ({
      text: {
        type: 'plain_text' as const,
        text: truncate(c.name || 'Unnamed connection', MAX_OPTION_TEXT),
        emoji: false,
      },
      value: connectionValue(c.id),
    }));
  const menu = {
    type: 'static_select' as const,
    action_id: CONNECTION_DETAILS_ACTION,
    placeholder: { type: 'plain_text' as const, text: 'Open a connection…' },
    options,
  };
  return { type: 'actions', elements: [refresh, menu] };
}

function syncBlock(row: SyncOverviewRow, state: SyncState): KnownBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `${state.icon} *${escapeText(truncate(row.sync.name, 150))}* · ${row.sync.kind} · ${stateText(state)}`,
        MAX_SECTION_TEXT,
      ),
    },
    // Details shows the sync's card on top of the Home, with its Start, Cancel and Open in Polytomic.
    accessory: actionButton('Details', SYNC_ACTIONS.update, syncValue(row.sync)),
  };
}

function connectionBlock(connection: Connection): KnownBlock {
  const error = connection.statusError
    ? `: ${escapeText(truncate(connection.statusError.replace(/\s+/g, ' '), 300))}`
    : '';
  const type = connection.typeName ? ` · ${escapeText(truncate(connection.typeName, 100))}` : '';
  return {
    ...section(
      `${stateIcon('failed')} *${escapeText(truncate(connection.name, 150))}*${type} · ${escapeText(truncate(connection.status, 50))}${error}`,
    ),
    // Details puts the connection's card on top: its error in full, its schema cache, Refresh schema.
    accessory: actionButton('Details', CONNECTION_DETAILS_ACTION, connectionValue(connection.id)),
  } as KnownBlock;
}

function refreshBlock(refresh: Refresh): KnownBlock {
  const since = refresh.requestedAt ? ` since ${slackDate(new Date(refresh.requestedAt).toISOString())}` : '';
  return section(
    `${stateIcon('running')} *${escapeText(truncate(refresh.connectionName, 150))}* · schema refresh${since}, asked by <@${refresh.requestedBy}> ${refresh.channelId.startsWith('D') ? 'in a direct message' : `in <#${refresh.channelId}>`}`,
  );
}

/** `10 healthy · 1 paused`: the states of syncs not listed, those present only. */
const notListed = (states: readonly SyncState[]) => tallyStates(states, []);

const channelsShown = (channels: HomeInput['channels']) =>
  channels && 'settings' in channels ? channels.settings : [];
const channelLists = (command: string) => `\`${command} watch\` and \`${command} digest\` in a channel list its own.`;

/** Under the lists: why the person's channels are missing, or how far they were read. */
function channelsNote(channels: HomeInput['channels'], command: string): KnownBlock[] {
  if (!channels) return [];
  if ('unreadable' in channels) return [context(`Your channels' watches and digests: ${describeUnreadable(channels)}`)];
  const none = channels.settings.length === 0;
  if (channels.more)
    return [
      context(
        `Your channels: only the first ${channels.checked} Slack listed were read${none ? ', and none of them watches a sync or has a digest' : ''}. ${channelLists(command)}`,
      ),
    ];
  if (none)
    return [
      context(
        `None of your channels watches a sync or has a digest. \`${command} watch <sync>\` or \`${command} digest daily 09:00\` in a channel sets one up.`,
      ),
    ];
  return [];
}
