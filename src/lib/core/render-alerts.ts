import type { KnownBlock } from '@slack/types';
import type { AlertEntry, Watch } from './alerts.js';
import { OPEN_SYNC_ACTION } from './buttons.js';
import type { SlackMessage } from './message.js';
import { context, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, packLines, section } from './message.js';
import { escapeText, escapeWithin, formatCount, slackDate, truncate } from './mrkdwn.js';
import { failedTablesNote, failureContextBlocks } from './render-failure-context.js';
import { GROUP_CONTROLS } from './render-incident.js';
import { alertPauseButton, pauseSuggestion } from './render-pause.js';
import { startSyncButton, syncUrl } from './render-status.js';
import { ruleFired, rulesSuffix } from './render-watch-rules.js';
import { stateOf, stateText } from './sync-state.js';

const at = (entry: AlertEntry) => new Date(entry.at).toISOString();
const when = (entry: AlertEntry) => slackDate(at(entry));
/** A finished run's outcome in the words and icon every other message uses for it. */
const stateOfEntry = (entry: AlertEntry) => stateOf(entry.outcome, at(entry));
const name = (entry: AlertEntry) => `*${escapeText(truncate(entry.syncName, 150))}*`;
const error = (entry: AlertEntry, max = 300) =>
  entry.error ? escapeText(truncate(entry.error.replace(/\s+/g, ' '), max)) : 'no error message';

const startButton = (entry: AlertEntry) =>
  startSyncButton({ id: entry.syncId, kind: entry.syncKind, name: entry.syncName });

/** One sync went from healthy to failing: the error, and Start and Open buttons. Its next failures go in this thread. */
export function renderFailureAlert(entry: AlertEntry, polytomicUrl: string): SlackMessage {
  const state = stateOfEntry(entry);
  const line = `${state.icon} ${name(entry)} (${entry.syncKind} sync) ${entry.rule ? ruleFired(entry.rule) : stateText(state)}`;
  return {
    text: `${line}: ${error(entry)}`,
    blocks: [
      section(truncate(`${line}\n> ${error(entry, 1000)}`, MAX_SECTION_TEXT)),
      ...failureContextBlocks(entry),
      {
        type: 'actions',
        elements: [
          startButton(entry),
          alertPauseButton({ id: entry.syncId, kind: entry.syncKind, name: entry.syncName }),
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open in Polytomic' },
            url: syncUrl(polytomicUrl, { id: entry.syncId, kind: entry.syncKind }),
            action_id: OPEN_SYNC_ACTION,
          },
        ],
      },
      context('Further failures of this sync come as replies in this thread, and one reply when it recovers.'),
    ],
  };
}

/** Many syncs failed together: one message instead of one each, so the channel is not flooded. */
export function renderGroupedFailures(entries: readonly AlertEntry[], polytomicUrl: string): SlackMessage {
  const headline = `:rotating_light: *${entries.length} syncs failed* around ${when(entries[0]!)}`;
  const lines = entries.map(
    (e) =>
      `• <${syncUrl(polytomicUrl, { id: e.syncId, kind: e.syncKind })}|${escapeText(truncate(e.syncName, 100))}> (${e.syncKind}): ${e.rule ? `${ruleFired(e.rule)}: ` : ''}${error(e, 150)}${failedTablesNote(e)}`,
  );
  const sections = packLines(lines, 45);
  const shown = sections.reduce((n, s) => n + s.count, 0);
  const blocks: KnownBlock[] = [section(headline), ...sections.map((s) => section(s.text))];
  blocks.push(
    context(
      `${shown < lines.length ? `…and ${lines.length - shown} more. ` : ''}Their next failures and recoveries come as replies in this thread.`,
    ),
    GROUP_CONTROLS,
  );
  return {
    text: truncate(`${entries.length} syncs failed: ${entries.map((e) => escapeText(e.syncName)).join(', ')}`, 3000),
    blocks,
  };
}

/**
 * A sync that was already failing failed again: a reply in its thread, not a new message. At the Nth
 * failure in a row (`suggestPause`: its count) the reply suggests pausing, with the Pause button.
 */
export function renderRepeatFailure(entry: AlertEntry, suggestPause?: number): SlackMessage {
  const state = stateOfEntry(entry);
  const what = entry.rule ? `${ruleFired(entry.rule)} ${when(entry)}` : `${state.words} again ${when(entry)}`;
  const text = `${state.icon} ${name(entry)} ${what}: ${error(entry)}`;
  const blocks: KnownBlock[] = [section(truncate(text, MAX_SECTION_TEXT)), ...failureContextBlocks(entry)];
  if (suggestPause !== undefined) {
    blocks.push(section(pauseSuggestion(suggestPause)), {
      type: 'actions',
      elements: [alertPauseButton({ id: entry.syncId, kind: entry.syncKind, name: entry.syncName })],
    });
  }
  return { text, blocks };
}

/** A failing sync completed again, or the late run its alert was about was canceled: one reply, broadcast. */
export function renderRecovery(entry: AlertEntry): SlackMessage {
  if (entry.outcome === 'canceled') {
    const run = entry.rule ? `the run that ${ruleFired(entry.rule)}` : 'its late run';
    const text = `${stateOfEntry(entry).icon} ${name(entry)}: ${run} was canceled ${when(entry)}, so this alert is closed.`;
    return { text, blocks: [section(text)] };
  }
  const records = entry.records !== undefined ? `, ${formatCount(entry.records)} records` : '';
  const text = `:white_check_mark: ${name(entry)} recovered: ${stateText(stateOfEntry(entry))}${records}.`;
  return { text, blocks: [section(text)] };
}

/** Many recoveries at once: one message; alerts closed by their late run's cancel are named apart. */
export function renderGroupedRecoveries(entries: readonly AlertEntry[]): SlackMessage {
  const canceled = entries.filter((e) => e.outcome === 'canceled');
  const recovered = entries.filter((e) => e.outcome !== 'canceled');
  const text = [
    recovered.length
      ? `:white_check_mark: *${recovered.length} sync${recovered.length === 1 ? '' : 's'} recovered*: ${recovered.map(name).join(', ')}`
      : '',
    canceled.length ? `:no_entry_sign: *Closed, their late run canceled*: ${canceled.map(name).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { text: truncate(text, MAX_FALLBACK_TEXT), blocks: [section(truncate(text, MAX_SECTION_TEXT))] };
}

/** For `all-runs` watches: the runs that finished, in one message. */
export function renderFinishedRuns(entries: readonly AlertEntry[]): SlackMessage {
  const lines = entries.map((e) => {
    const state = stateOfEntry(e);
    return `${state.icon} ${name(e)} ${stateText(state)}${e.records !== undefined ? ` · ${formatCount(e.records)} records` : ''}`;
  });
  const sections = packLines(lines, 45);
  return {
    text: `${entries.length} run${entries.length === 1 ? '' : 's'} finished`,
    blocks: sections.map((s) => section(s.text)),
  };
}

/** `/polytomic watch` with no name: what this channel hears about. */
export function renderWatchList(
  watches: readonly Watch[],
  channelId: string,
  command: string,
  /** More about a watch, after its line (who it notifies). */
  extra: (watch: Watch) => string = () => '',
): SlackMessage {
  if (watches.length === 0) {
    const text = `<#${channelId}> watches no syncs. \`${command} watch <sync>\` (or \`watch all\`) posts here when a sync fails and when it recovers; add \`all-runs\` for every finished run.`;
    return { text, blocks: [section(text)] };
  }
  const lines = watches.map(
    (w) =>
      `• ${w.syncId === 'ALL' ? '*every sync*' : `*${escapeWithin(w.syncName ?? w.syncId, 300)}*`} · ${w.mode === 'all-runs' ? 'every finished run' : 'failures and recoveries'}${rulesSuffix(w.rules)} · added by <@${w.createdBy}> ${slackDate(new Date(w.createdAt).toISOString(), '{date_short}')}${extra(w)}`,
  );
  // Packed whole lines, so a cut never splits a date token or a name's escaping.
  const sections = packLines([`*Watches in <#${channelId}>*`, ...lines], 45);
  return {
    text: `Watches in <#${channelId}>`,
    blocks: [
      ...sections.map((s) => section(s.text)),
      context(`\`${command} unwatch <sync>\` or \`${command} unwatch all\` removes one.`),
    ],
  };
}
