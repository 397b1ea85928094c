import type { KnownBlock } from '@slack/types';
import { escapeText, escapeWithin, formatCount, formatDuration, slackDate, truncate } from './mrkdwn.js';
import { MAX_BLOCKS, MAX_FIELD_TEXT, MAX_HEADER_TEXT, MAX_SECTION_TEXT, context, packLines, section } from './message.js';
import type { SlackMessage } from './message.js';
import type { NamedChoice } from './render-names.js';
import { isPolytomicId, runHealth, syncHealth } from './sync.js';
import type { RunCounts, RunHealth, RunSummary, SyncKind, SyncRef, SyncStatus } from './sync.js';

const HEALTH_EMOJI: Record<RunHealth, string> = {
  running: ':arrows_counterclockwise:',
  failed: ':red_circle:',
  warning: ':large_orange_circle:',
  ok: ':large_green_circle:',
  idle: ':white_circle:',
};
const KIND_LABEL: Record<SyncKind, string> = { model: 'Model sync', bulk: 'Bulk sync' };
const MAX_ERRORS_SHOWN = 3;

/** Where a sync lives in the Polytomic app (path shape unconfirmed by Polytomic docs; see ARCHITECTURE.md). */
export function syncUrl(polytomicUrl: string, sync: Pick<SyncRef, 'id' | 'kind'>): string {
  return `${polytomicUrl}/${sync.kind === 'bulk' ? 'bulk/syncs' : 'syncs'}/${encodeURIComponent(sync.id)}`;
}

/** The buttons on a sync card; their values are `<kind>:<id>` and nothing else. */
export const SYNC_ACTIONS = { update: 'sync_update', start: 'sync_start', cancel: 'sync_cancel', share: 'sync_share' } as const;

export const syncValue = (sync: Pick<SyncRef, 'id' | 'kind'>) => `${sync.kind}:${sync.id}`;

/** Reads a sync button's value back; anything else (forged, from an older card shape) is undefined. */
export function parseSyncValue(value: string | undefined): Pick<SyncRef, 'id' | 'kind'> | undefined {
  const match = /^(model|bulk):(.+)$/.exec(value ?? '');
  return match && isPolytomicId(match[2]) ? { kind: match[1] as SyncKind, id: match[2] } : undefined;
}

/** One sync's card: state, the run in progress, the last run with its counts and errors, the next run, and its buttons. */
export function renderSyncStatus(input: {
  sync: SyncRef;
  status: SyncStatus;
  polytomicUrl: string;
  asOf: number;
  /** Ephemeral cards offer to share themselves in the channel. */
  shareable?: boolean;
  /** What just happened through the bot, e.g. who started a run. */
  note?: string;
}): SlackMessage {
  const { sync, status } = input;
  const health = syncHealth(status);
  const name = escapeText(sync.name);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(sync.name, MAX_HEADER_TEXT), emoji: false } },
    {
      type: 'section',
      fields: [
        field('Kind', KIND_LABEL[sync.kind]),
        field('State', sync.active ? ':large_green_circle: Active' : ':double_vertical_bar: Paused'),
        field('Schedule', sync.frequency ? escapeText(sync.frequency) : 'Not set'),
        field('Next run', slackDate(status.nextRunAt) ?? (sync.active ? 'Not scheduled' : 'None while paused')),
      ],
    },
  ];
  if (status.current && runHealth(status.current) === 'running') blocks.push(section(describeRun('Running now', status.current)));
  blocks.push(section(status.last ? describeRun('Last run', status.last) : '*Last run*\nThis sync has not run yet.'));
  blocks.push({ type: 'actions', elements: syncButtons(sync, health === 'running', input) });
  if (input.note) blocks.push(context(input.note));
  blocks.push(context(`${KIND_LABEL[sync.kind]} \`${escapeText(sync.id)}\` · as of ${slackDate(new Date(input.asOf).toISOString(), '{time}')}`));
  const summary = status.last ? `last run ${status.last.status}` : 'no runs yet';
  return { text: `${HEALTH_EMOJI[health]} ${name} (${KIND_LABEL[sync.kind].toLowerCase()}): ${summary}`, blocks: blocks.slice(0, MAX_BLOCKS) };
}

// Slack allows 300 characters in a confirm dialog's text: the name gets 200 of them, escaped.
export const confirmDialog = (title: string, text: string, yes: string) => ({
  title: { type: 'plain_text' as const, text: title },
  text: { type: 'mrkdwn' as const, text },
  confirm: { type: 'plain_text' as const, text: yes },
  deny: { type: 'plain_text' as const, text: 'Not now' },
});

/** The Start sync button, behind a confirm dialog: on sync cards, digests and alerts alike. */
export function startSyncButton(sync: Pick<SyncRef, 'id' | 'kind' | 'name'>, extra: { style?: 'primary' } = {}) {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: 'Start sync' },
    action_id: SYNC_ACTIONS.start,
    value: syncValue(sync),
    ...extra,
    confirm: confirmDialog('Start a run?', `Start a run of *${escapeWithin(sync.name, 200)}* now, outside its schedule?`, 'Start'),
  };
}

function syncButtons(sync: SyncRef, running: boolean, input: { polytomicUrl: string; shareable?: boolean }) {
  const value = syncValue(sync);
  const button = (text: string, action_id: string, extra: Record<string, unknown> = {}) =>
    ({ type: 'button' as const, text: { type: 'plain_text' as const, text }, action_id, value, ...extra });
  return [
    button('Update', SYNC_ACTIONS.update),
    ...(sync.active ? [startSyncButton(sync, { style: 'primary' })] : []),
    ...(running
      ? [button('Cancel run', SYNC_ACTIONS.cancel, { style: 'danger', confirm: confirmDialog('Cancel the run?', `Cancel the run of *${escapeWithin(sync.name, 200)}* in progress?`, 'Cancel run') })]
      : []),
    { type: 'button' as const, text: { type: 'plain_text' as const, text: 'Open in Polytomic' }, url: syncUrl(input.polytomicUrl, sync), action_id: 'open_sync' },
    ...(input.shareable ? [button('Share in channel', SYNC_ACTIONS.share)] : []),
  ];
}

function field(label: string, value: string) {
  return { type: 'mrkdwn' as const, text: truncate(`*${label}*\n${value}`, MAX_FIELD_TEXT) };
}

function describeRun(title: string, run: RunSummary): string {
  const health = runHealth(run);
  const when =
    health === 'running'
      ? run.startedAt
        ? `started ${slackDate(run.startedAt)}`
        : `queued ${slackDate(run.createdAt) ?? ''}`.trim()
      : run.completedAt
        ? `finished ${slackDate(run.completedAt)}${tookText(run)}`
        : '';
  const lines = [`*${title}* ${HEALTH_EMOJI[health]} ${escapeText(run.status)}${when ? `, ${when}` : ''}`];
  const counts = describeCounts(run.counts);
  if (counts) lines.push(counts);
  if (run.statusMessage && !run.errors.includes(run.statusMessage)) lines.push(`_${escapeText(truncate(run.statusMessage, 300))}_`);
  if (run.errors.length > 0) {
    const shown = run.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `> ${escapeText(truncate(e.replace(/\s+/g, ' '), 400))}`);
    const more = run.errors.length - MAX_ERRORS_SHOWN;
    lines.push(`*Errors*\n${shown.join('\n')}${more > 0 ? `\n_…and ${more} more in Polytomic_` : ''}`);
  }
  return truncate(lines.join('\n'), MAX_SECTION_TEXT);
}

function tookText(run: RunSummary): string {
  if (!run.startedAt || !run.completedAt) return '';
  const ms = Date.parse(run.completedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (took ${formatDuration(ms)})` : '';
}

function describeCounts(counts: RunCounts): string | undefined {
  const parts: string[] = [];
  const add = (n: number | undefined, label: string) => {
    if (n !== undefined && n > 0) parts.push(`${formatCount(n)} ${label}`);
  };
  add(counts.total, 'records');
  add(counts.inserted, 'inserted');
  add(counts.updated, 'updated');
  add(counts.upserted, 'upserted');
  add(counts.deleted, 'deleted');
  add(counts.errored, 'errored');
  add(counts.warnings, 'warnings');
  if (parts.length === 0) return counts.total === 0 ? 'No records' : undefined;
  return parts.join(' · ');
}

export interface SyncOverviewRow {
  sync: SyncRef;
  /** Undefined when the status could not be read; the row still counts and says so. */
  status?: SyncStatus;
}

const HEALTH_ORDER: Record<RunHealth, number> = { failed: 0, warning: 1, running: 2, ok: 3, idle: 4 };
// A glance, not a dump: past this many rows the rest are counted. Leave room for header, summary and note.
const OVERVIEW_MAX_ROWS = 40;
const OVERVIEW_ROW_BLOCKS = MAX_BLOCKS - 3;

/** Every sync in one compact message, failing and running first; whatever does not fit is counted, never dropped silently. */
export function renderSyncOverview(rows: readonly SyncOverviewRow[], command: string): SlackMessage {
  if (rows.length === 0) return { text: 'There are no syncs in this Polytomic organisation yet.', blocks: [section('There are no syncs in this Polytomic organisation yet.')] };
  const ranked = rows
    .map((row) => ({ ...row, health: row.status ? syncHealth(row.status) : ('idle' as RunHealth) }))
    .sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || a.sync.name.localeCompare(b.sync.name));
  const tally = (h: RunHealth) => ranked.filter((r) => r.health === h).length;
  const paused = ranked.filter((r) => !r.sync.active).length;
  const summary = [
    `*${rows.length} sync${rows.length === 1 ? '' : 's'}*`,
    `${tally('failed')} failing`,
    `${tally('warning')} with warnings`,
    `${tally('running')} running`,
    `${paused} paused`,
  ].join(' · ');

  const lines = ranked.slice(0, OVERVIEW_MAX_ROWS).map((row) => overviewLine(row, row.health));
  const sections = packLines(lines, OVERVIEW_ROW_BLOCKS);
  const shown = sections.reduce((n, s) => n + s.count, 0);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Polytomic syncs' } },
    section(summary),
    ...sections.map((s) => section(s.text)),
  ];
  const hidden = ranked.slice(shown);
  if (hidden.length > 0) {
    const hiddenFailing = hidden.filter((r) => r.health === 'failed').length;
    blocks.push(
      context(
        `…and ${hidden.length} more not shown${hiddenFailing ? ` (${hiddenFailing} failing)` : ''}. Use \`${command} status <sync>\` for one sync.`,
      ),
    );
  } else {
    blocks.push(context(`Use \`${command} status <sync>\` for details of one sync.`));
  }
  return { text: `Polytomic syncs: ${summary.replace(/\*/g, '')}`, blocks };
}

function overviewLine(row: SyncOverviewRow, health: RunHealth): string {
  const name = `*${escapeText(truncate(row.sync.name, 120))}*`;
  const kind = row.sync.kind === 'bulk' ? 'bulk' : 'model';
  const paused = row.sync.active ? '' : ' · paused';
  if (!row.status) return `:grey_question: ${name} · ${kind}${paused} · status unavailable`;
  const run = health === 'running' ? row.status.current : row.status.last;
  let when = 'never run';
  if (run && health === 'running') when = `running since ${slackDate(run.startedAt ?? run.createdAt, '{time}') ?? 'just now'}`;
  else if (run) when = `${escapeText(run.status)} ${slackDate(run.completedAt ?? run.startedAt, '{date_short_pretty} {time}') ?? ''}`.trim();
  return `${HEALTH_EMOJI[health]} ${name} · ${kind}${paused} · ${when}`;
}

/** How a sync is told apart from another of the same name. */
export function syncChoice(sync: SyncRef): NamedChoice {
  return { id: sync.id, name: sync.name, label: KIND_LABEL[sync.kind].toLowerCase(), note: sync.active ? undefined : 'paused' };
}
