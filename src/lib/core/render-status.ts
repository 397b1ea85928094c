import type { KnownBlock } from '@slack/types';
import type { ShownRuns } from './buttons.js';
import { OPEN_SYNC_ACTION, SYNC_ACTIONS, syncPressValue, syncValue } from './buttons.js';
import type { SlackMessage } from './message.js';
import {
  actionButton,
  confirmDialog,
  context,
  header,
  MAX_BLOCKS,
  MAX_FIELD_TEXT,
  MAX_SECTION_TEXT,
  packLines,
  section,
} from './message.js';
import { escapeCode, escapeText, escapeWithin, formatDuration, slackDate, truncate } from './mrkdwn.js';
import { describeCounts, lastRunActions } from './render-failure-context.js';
import type { NamedChoice } from './render-names.js';
import { pausedNotice, pauseOrResumeButton } from './render-pause.js';
import { msBetween, runStrip } from './run-strip.js';
import type { RunSummary, SyncKind, SyncRef, SyncSchedule, SyncStatus } from './sync.js';
import { shownRuns } from './sync-press.js';
import type { SyncState } from './sync-state.js';
import {
  byUrgency,
  describeState,
  inProgress,
  runInProgress,
  runState,
  stateOf,
  stateText,
  syncState,
  tallyStates,
} from './sync-state.js';

const KIND_LABEL: Record<SyncKind, string> = { model: 'Model sync', bulk: 'Bulk sync' };
const MAX_ERRORS_SHOWN = 3;

/** Where a sync lives in the Polytomic app (path shape unconfirmed by Polytomic docs; see ARCHITECTURE.md). */
export function syncUrl(polytomicUrl: string, sync: Pick<SyncRef, 'id' | 'kind'>): string {
  return `${polytomicUrl}/${sync.kind === 'bulk' ? 'bulk/syncs' : 'syncs'}/${encodeURIComponent(sync.id)}`;
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
  /** The latest runs, newest first, for the run strip; without them (Polytomic would not list them) there is none. */
  recentRuns?: readonly RunSummary[];
}): SlackMessage {
  const { sync, status } = input;
  const state = syncState(sync, status);
  const running = runInProgress(status);
  const name = escapeWithin(sync.name, 300);
  const blocks: KnownBlock[] = [
    header(sync.name, 'Unnamed sync'),
    {
      type: 'section',
      fields: [
        field('Kind', KIND_LABEL[sync.kind]),
        field('State', describeState(state)),
        field('Schedule', describeSyncSchedule(sync.schedule)),
        field('Next run', slackDate(status.nextRunAt) ?? (sync.active ? 'Not scheduled' : 'None while paused')),
      ],
    },
  ];
  if (!sync.active) blocks.push(section(pausedNotice(running !== undefined)));
  if (running) blocks.push(section(describeRun('Running now', running)));
  blocks.push(
    section(status.last ? describeRun('Last run', status.last) : `*Last run* ${describeState(stateOf('never_run'))}`),
  );
  if (input.recentRuns?.length) blocks.push(context(runStrip(input.recentRuns, input.asOf)));
  blocks.push(...lastRunActions(sync, status.last));
  blocks.push({ type: 'actions', elements: syncButtons(sync, running !== undefined, input) });
  if (input.note) blocks.push(context(input.note));
  blocks.push(
    context(
      `${KIND_LABEL[sync.kind]} \`${escapeCode(sync.id)}\` · as of ${slackDate(new Date(input.asOf).toISOString(), '{time}')}`,
    ),
  );
  return {
    text: `${state.icon} ${name} (${KIND_LABEL[sync.kind].toLowerCase()}): ${stateText(state)}`,
    blocks: blocks.slice(0, MAX_BLOCKS),
  };
}

/** The Start sync button, behind a confirm dialog: on sync cards (with the runs they show), digests and alerts alike. */
export function startSyncButton(
  sync: Pick<SyncRef, 'id' | 'kind' | 'name'>,
  extra: { style?: 'primary' } = {},
  shown?: ShownRuns,
) {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: 'Start sync' },
    action_id: SYNC_ACTIONS.start,
    value: shown ? syncPressValue(sync, shown) : syncValue(sync),
    ...extra,
    confirm: confirmDialog(
      'Start a run?',
      // Slack allows 300 characters in a confirm dialog's text: the name gets 200 of them, escaped.
      `Start a run of *${escapeWithin(sync.name, 200)}* now, outside its schedule?`,
      'Start',
    ),
  };
}

function syncButtons(
  sync: SyncRef,
  running: boolean,
  input: { status: SyncStatus; polytomicUrl: string; asOf: number; shareable?: boolean },
) {
  const value = syncValue(sync);
  const shown = shownRuns(input.status);
  const button = (text: string, action_id: string, extra: Record<string, unknown> = {}) => ({
    ...actionButton(text, action_id, value),
    ...extra,
  });
  return [
    button('Update', SYNC_ACTIONS.update),
    ...(sync.active ? [startSyncButton(sync, { style: 'primary' }, shown)] : []),
    ...(running
      ? [
          button('Cancel run', SYNC_ACTIONS.cancel, {
            value: syncPressValue(sync, shown),
            style: 'danger',
            confirm: confirmDialog(
              'Cancel the run?',
              `Cancel the run of *${escapeWithin(sync.name, 200)}* in progress?`,
              'Cancel run',
            ),
          }),
        ]
      : []),
    pauseOrResumeButton(sync, input.asOf),
    {
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: 'Open in Polytomic' },
      url: syncUrl(input.polytomicUrl, sync),
      action_id: OPEN_SYNC_ACTION,
    },
    ...(input.shareable ? [button('Share in channel', SYNC_ACTIONS.share)] : []),
  ];
}

function field(label: string, value: string) {
  return { type: 'mrkdwn' as const, text: truncate(`*${label}*\n${value}`, MAX_FIELD_TEXT) };
}

const pad = (field: string) => field.padStart(2, '0');
const CLOCK_FIELD = /^\d{1,2}$/;

/**
 * A sync's schedule with its times, in UTC as Polytomic runs them: `daily at 09:30 UTC`; a custom
 * schedule (and any other with cron fields) as its cron expression, `custom: \`10 0,6,12,18 * * *\` (cron, UTC)`.
 */
export function describeSyncSchedule(schedule: SyncSchedule | undefined): string {
  if (!schedule) return 'Not set';
  const { frequency, minute, hour, dayOfWeek, dayOfMonth, month } = schedule;
  const clock =
    CLOCK_FIELD.test(hour ?? '') && CLOCK_FIELD.test(minute ?? '') ? `${pad(hour!)}:${pad(minute!)} UTC` : undefined;
  if (frequency === 'hourly' && CLOCK_FIELD.test(minute ?? '')) return `hourly at :${pad(minute!)}`;
  if (frequency === 'daily' && clock) return `daily at ${clock}`;
  if (frequency === 'weekly' && clock && dayOfWeek) return `weekly on ${escapeText(dayOfWeek)} at ${clock}`;
  const cron = [minute, hour, dayOfMonth, month, dayOfWeek];
  if (cron.some((f) => f !== undefined))
    return `${escapeText(frequency)}: \`${cron.map((f) => escapeCode(f ?? '*')).join(' ')}\` (cron, UTC)`;
  return frequency === 'custom' ? 'custom (Polytomic gave no times)' : escapeText(frequency);
}

function describeRun(title: string, run: RunSummary): string {
  const state = runState(run);
  const lines = [`*${title}* ${describeState(state)}${inProgress(state) ? '' : tookText(run)}`];
  const counts = describeCounts(run.counts);
  if (counts) lines.push(counts);
  if (run.statusMessage && !run.errors.includes(run.statusMessage))
    lines.push(`_${escapeText(truncate(run.statusMessage, 300))}_`);
  if (run.errors.length > 0) {
    const shown = run.errors
      .slice(0, MAX_ERRORS_SHOWN)
      .map((e) => `> ${escapeText(truncate(e.replace(/\s+/g, ' '), 400))}`);
    const more = run.errors.length - MAX_ERRORS_SHOWN;
    lines.push(`*Errors*\n${shown.join('\n')}${more > 0 ? `\n_…and ${more} more in Polytomic_` : ''}`);
  }
  return truncate(lines.join('\n'), MAX_SECTION_TEXT);
}

function tookText(run: RunSummary): string {
  const ms = msBetween(run.startedAt, run.completedAt);
  return ms === undefined ? '' : ` (took ${formatDuration(ms)})`;
}

export interface SyncOverviewRow {
  sync: SyncRef;
  /** Undefined when the status could not be read; the row still counts and says so. */
  status?: SyncStatus;
}

// A glance, not a dump: past this many rows the rest are counted. Leave room for header, summary and note.
const OVERVIEW_MAX_ROWS = 40;
const OVERVIEW_ROW_BLOCKS = MAX_BLOCKS - 3;

/** Every sync in one compact message, failing and running first; whatever does not fit is counted, never dropped silently. */
export function renderSyncOverview(rows: readonly SyncOverviewRow[], command: string): SlackMessage {
  if (rows.length === 0)
    return {
      text: 'There are no syncs in this Polytomic organisation yet.',
      blocks: [section('There are no syncs in this Polytomic organisation yet.')],
    };
  const ranked = rows
    .map((row) => ({ ...row, name: row.sync.name, state: syncState(row.sync, row.status) }))
    .sort(byUrgency);
  const summary = `*${rows.length} sync${rows.length === 1 ? '' : 's'}* · ${tallyStates(ranked.map((r) => r.state))}`;

  const lines = ranked.slice(0, OVERVIEW_MAX_ROWS).map(overviewLine);
  const sections = packLines(lines, OVERVIEW_ROW_BLOCKS);
  const shown = sections.reduce((n, s) => n + s.count, 0);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Polytomic syncs' } },
    section(summary),
    ...sections.map((s) => section(s.text)),
  ];
  const hidden = ranked.slice(shown);
  if (hidden.length > 0) {
    const hiddenFailing = hidden.filter((r) => r.state.kind === 'failed').length;
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

function overviewLine(row: SyncOverviewRow & { state: SyncState }): string {
  return `${row.state.icon} *${escapeText(truncate(row.sync.name, 120))}* · ${row.sync.kind} · ${stateText(row.state)}`;
}

/** How a sync is told apart from another of the same name. */
export function syncChoice(sync: SyncRef): NamedChoice {
  return {
    id: sync.id,
    name: sync.name,
    label: KIND_LABEL[sync.kind].toLowerCase(),
    note: sync.active ? undefined : stateOf('paused').words,
  };
}
