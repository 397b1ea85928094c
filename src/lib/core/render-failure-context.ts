import type { KnownBlock } from '@slack/types';
import type { AlertEntry } from './alerts.js';
import { FAILURE_ACTIONS, runValue } from './buttons.js';
import type { ConsoleLogEntry, RecordLogLinks } from './execution.js';
import type { FailureContext } from './failure-context.js';
import { failedTablesOf, keptError } from './failure-context.js';
import type { SlackMessage } from './message.js';
import {
  actionButton,
  confirmDialog,
  context as contextBlock,
  MAX_SECTION_TEXT,
  section,
  textMessage,
} from './message.js';
import { escapeCode, escapeText, escapeWithin, formatCount, slackDate } from './mrkdwn.js';
import { runStrip } from './run-strip.js';
import type { RunCounts, RunSummary, SyncRef } from './sync.js';
import { isPolytomicId } from './sync.js';
import { runState } from './sync-state.js';

// What a failed or warning run left behind, on its alert and on the sync card: counts, errors and failed
// tables, and the buttons that dig further (Show log, Errored records, Retry failed tables).

type SyncNamed = Pick<SyncRef, 'id' | 'kind' | 'name'>;

/** What the buttons of one run need to know: which run, whether records failed, which tables failed. */
interface RunButtonsInput {
  sync: SyncNamed;
  executionId: string;
  errored?: number;
  failedTables: readonly string[];
}

/** A run's counts in one line (`1,200 records · 3 errored`), the zero ones left out. */
export function describeCounts(counts: RunCounts): string | undefined {
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

/** The details an alert adds under its error: counts, the run's other errors, the failed tables. */
export function describeFailureContext(context: FailureContext, shownError?: string): string | undefined {
  const lines: string[] = [];
  const counts = describeCounts(context.counts);
  if (counts) lines.push(counts);
  // The alert already quotes the event's error: the run's other errors are added, not that one again.
  const errors = context.errors.filter((e) => shownError === undefined || e !== keptError(shownError));
  if (errors.length > 0) {
    const more = context.errorCount - context.errors.length;
    lines.push(`*Errors*\n${errors.map((e) => `> ${escapeText(e)}`).join('\n')}${moreText(more, 'in Polytomic')}`);
  }
  const tables = context.failedTables ?? [];
  if (tables.length > 0) {
    const count = context.failedTableCount ?? tables.length;
    const listed = tables.map((t) => `• *${escapeText(t.schema)}*${t.message ? `: ${escapeText(t.message)}` : ''}`);
    lines.push(`*${tableCount(count)} failed*\n${listed.join('\n')}${moreText(count - tables.length)}`);
  }
  // Each line is kept short (at most 1,500 characters escaped); `section` cuts the whole at a line break.
  return lines.length ? lines.join('\n') : undefined;
}

const moreText = (more: number, where = '') => (more > 0 ? `\n_…and ${more} more${where ? ` ${where}` : ''}_` : '');
const tableCount = (n: number) => `${n} table${n === 1 ? '' : 's'}`;

/** For the grouped failure message, which stays compact: how many tables of a bulk sync failed, if any did. */
export const failedTablesNote = (entry: AlertEntry): string => {
  const count = entry.context?.failedTableCount ?? 0;
  return count > 0 ? ` · ${tableCount(count)} failed` : '';
};

/** The blocks a failure alert or its repeat gains from the run's context: the details, then its buttons. */
export function failureContextBlocks(entry: AlertEntry): KnownBlock[] {
  const { context } = entry;
  const blocks: KnownBlock[] = [];
  const details = context && describeFailureContext(context, entry.error);
  if (details) blocks.push(section(details));
  if (context?.recentRuns?.length) blocks.push(contextBlock(runStrip(context.recentRuns, entry.at)));
  const executionId = entry.executionId ?? context?.executionId;
  // Only a run id the buttons' values read back: any other would make buttons that answer "out of date".
  if (isPolytomicId(executionId)) {
    const buttons = runButtons({
      sync: { id: entry.syncId, kind: entry.syncKind, name: entry.syncName },
      executionId,
      errored: context?.counts.errored ?? entry.counts?.errored,
      failedTables: context?.failedTables?.map((t) => t.schema) ?? [],
    });
    blocks.push({ type: 'actions', elements: buttons });
  }
  return blocks;
}

/** On a sync card whose last run failed or warned: that run's buttons. */
export function lastRunActions(sync: SyncNamed, last: RunSummary | undefined): KnownBlock[] {
  const kind = last && runState(last).kind;
  if (!isPolytomicId(last?.id) || (kind !== 'failed' && kind !== 'warning')) return [];
  const failedTables = failedTablesOf(last);
  return [
    {
      type: 'actions',
      elements: runButtons({ sync, executionId: last.id, errored: last.counts.errored, failedTables }),
    },
  ];
}

function runButtons(input: RunButtonsInput) {
  const value = runValue({ sync: input.sync, executionId: input.executionId });
  const button = (text: string, action_id: string, extra: Record<string, unknown> = {}) => ({
    ...actionButton(text, action_id, value),
    ...extra,
  });
  return [
    button('Show log', FAILURE_ACTIONS.showLog),
    ...(input.sync.kind === 'model' && (input.errored ?? 0) > 0
      ? [button('Errored records', FAILURE_ACTIONS.erroredRecords)]
      : []),
    ...(input.sync.kind === 'bulk' && input.failedTables.length > 0
      ? [
          button('Retry failed tables', FAILURE_ACTIONS.retryTables, {
            confirm: confirmDialog(
              'Retry the failed tables?',
              `Start a run of *${escapeWithin(input.sync.name, 80)}* for ${tablesInConfirm(input.failedTables)} only?`,
              'Retry',
            ),
          }),
        ]
      : []),
  ];
}

// A confirm dialog holds 300 characters: the name takes at most 80 of them escaped, three tables 40 each.
function tablesInConfirm(tables: readonly string[]): string {
  const named = tables.slice(0, 3).map((table) => `*${escapeWithin(table, 40)}*`);
  return `${named.join(', ')}${tables.length > 3 ? ` and ${tables.length - 3} more` : ''}`;
}

const CODE_FENCE = '```';
const LOG_LINE_CHARS = 300;
/** Polytomic keeps 50; more are never shown (50 lines of 300 characters fit in six blocks). */
const CONSOLE_LOG_SHOWN = 50;

/** `10:42:05 ERROR message`: a log entry on one line, in UTC, for inside a code block. */
function logLine(entry: ConsoleLogEntry): string {
  const at = entry.at && Number.isFinite(Date.parse(entry.at)) ? new Date(entry.at).toISOString().slice(11, 19) : '';
  const level = (entry.level ?? '').toUpperCase().slice(0, 7);
  return escapeWithin([at, level, entry.message].filter(Boolean).join(' '), LOG_LINE_CHARS, escapeCode);
}

/** Lines in code blocks, each block under a section's 3,000 characters with its fences. */
function fenced(lines: readonly string[]): string[] {
  const budget = MAX_SECTION_TEXT - 2 * (CODE_FENCE.length + 1);
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= budget) chunks[chunks.length - 1] = `${last}\n${line}`;
    else chunks.push(line);
  }
  return chunks.map((chunk) => `${CODE_FENCE}\n${chunk}\n${CODE_FENCE}`);
}

/** The tail of a run's console log (Polytomic keeps its last 50 entries), newest last, in code blocks. */
export function renderConsoleLog(input: {
  sync: SyncNamed;
  executionId: string;
  entries: readonly ConsoleLogEntry[];
}): SlackMessage {
  const title = `:page_facing_up: Console log of *${escapeWithin(input.sync.name, 150)}*, run \`${escapeCode(input.executionId)}\``;
  if (input.entries.length === 0) return textMessage(`${title}: Polytomic kept no log entries for this run.`);
  const entries = input.entries.slice(-CONSOLE_LOG_SHOWN);
  const count = `the last ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
  return {
    text: `Console log of run ${escapeCode(input.executionId)}`,
    blocks: [section(`${title}: ${count}, newest last (times in UTC)`), ...fenced(entries.map(logLine)).map(section)],
  };
}

/** The presser's answer once the log is in the thread. */
export const renderLogPosted = (): SlackMessage =>
  textMessage(':page_facing_up: The run’s console log is in the thread.');

// A signed link is shown as a link only if it reads as one: nothing in it can end the link or add a label.
const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;
const MAX_LINK_URL = 2800;

/** Errored records: the signed download links, only for the person who asked (they expose record data). */
export function renderErroredRecords(input: { sync: SyncNamed; links: RecordLogLinks }): SlackMessage {
  const name = `*${escapeWithin(input.sync.name, 150)}*`;
  const usable = input.links.urls.filter((url) => SAFE_URL.test(url) && url.length <= MAX_LINK_URL).slice(0, 10);
  if (input.links.urls.length === 0)
    return textMessage(`:white_check_mark: No record of that run of ${name} failed, so there is nothing to download.`);
  if (usable.length === 0)
    return textMessage(
      `:warning: Polytomic gave a download link for the errored records of ${name} that I cannot show. Open the run in Polytomic.`,
    );
  const expires = slackDate(input.links.expiresAt);
  const links = usable.map(
    (url, i) =>
      `<${url.replace(/&/g, '&amp;')}|Download errored records${usable.length > 1 ? ` (${i + 1} of ${usable.length})` : ''}>`,
  );
  return {
    text: `Errored records of ${name}`,
    blocks: [
      section(
        `:lock: Errored records of ${name}, for you only: the link${usable.length > 1 ? 's hold' : ' holds'} record data${expires ? ` and stop${usable.length > 1 ? '' : 's'} working ${expires}` : ''}.`,
      ),
      ...links.map(section),
    ],
  };
}

/** Retry failed tables: what was started, and of which tables. */
export function renderTablesRetried(input: { sync: SyncNamed; tables: readonly string[] }): SlackMessage {
  return textMessage(
    `:arrow_forward: Started a run of *${escapeWithin(input.sync.name, 150)}* for ${tableCount(input.tables.length)} that failed: ${listTables(input.tables)}. Its result comes like any run's.`,
  );
}

/** A second press of Retry for the same run (a double click, another person): who retried it, and when. */
export const renderRetryRepeated = (sync: SyncNamed, userId: string, when: string): SlackMessage =>
  textMessage(
    `:information_source: <@${userId}> already pressed Retry failed tables for this run of *${escapeWithin(sync.name, 150)}* at ${when}; this press changed nothing.`,
  );

/** The tables of that run have since synced (or none failed): nothing started. */
export const renderNothingToRetry = (sync: SyncNamed): SlackMessage =>
  textMessage(
    `:white_check_mark: No table of that run of *${escapeWithin(sync.name, 150)}* is still failing (a later run synced them), so I started nothing.`,
  );

/** Polytomic answered 409: a run is going on, so nothing was started. */
export const renderRetryWhileRunning = (sync: SyncNamed): SlackMessage =>
  textMessage(
    `:hourglass: *${escapeWithin(sync.name, 150)}* is running now, so I started nothing. If tables still fail once it ends, press Retry again.`,
  );

/** Polytomic refused the start (400): its words, escaped. */
export const renderRetryRefused = (sync: SyncNamed, detail: string | undefined): SlackMessage =>
  textMessage(
    `:warning: Polytomic refused to retry the tables of *${escapeWithin(sync.name, 150)}*${detail ? `: ${escapeWithin(detail, 300)}` : ''}. Nothing was started.`,
  );

function listTables(tables: readonly string[]): string {
  const shown = tables.slice(0, 20).map((t) => `*${escapeWithin(t, 80)}*`);
  return `${shown.join(', ')}${tables.length > 20 ? ` and ${tables.length - 20} more` : ''}`;
}
