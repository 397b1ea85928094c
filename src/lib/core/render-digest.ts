import type { KnownBlock } from '@slack/types';
import type { DigestSnapshot, DigestSubscription } from './digest.js';
import { DIGEST_POLICY, weekdayName } from './digest.js';
import type { DigestSchedule } from './digest-schedule.js';
import type { Incident } from './incident.js';
import type { SlackMessage } from './message.js';
import { context, cutAtLine, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, packLines, section, textMessage } from './message.js';
import { capitalise, escapeCode, escapeText, escapeWithin, slackDate, truncate } from './mrkdwn.js';
import { alertOpenLink, whoIsOnIt } from './render-incident.js';
import { startSyncButton, syncUrl } from './render-status.js';
import type { RunHealth, SyncRef, SyncStatus } from './sync.js';
import type { SyncState, SyncStateKind } from './sync-state.js';
import { byUrgency, countedAs, stateIcon, stateText, syncState, tallyStates } from './sync-state.js';

export interface DigestRow {
  sync: SyncRef;
  /** Undefined when Polytomic would not say; the row counts as unknown. */
  status?: SyncStatus;
}

export interface RenderedDigest {
  /** Undefined when there is nothing to post (an `only failing` digest with nothing failing). */
  message?: SlackMessage;
  /** The long list, for a threaded reply under the digest. */
  details?: SlackMessage;
  snapshot: DigestSnapshot;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "daily at 09:00 (Europe/Paris)", "weekly on Monday at 09:00 (UTC)". */
export function describeSchedule(schedule: DigestSchedule): string {
  const at = `${pad(schedule.hour)}:${pad(schedule.minute)}`;
  const when =
    schedule.every === 'weekly'
      ? `weekly on ${weekdayName(schedule.weekday ?? 1)}`
      : schedule.every === 'weekdays'
        ? 'on weekdays'
        : 'daily';
  return `${when} at ${at} (${schedule.timeZone})`;
}

type StatedRow = DigestRow & { name: string; state: SyncState };

// The snapshot keeps the values digests have always stored; only "was it failing" is read back. A sync
// whose status Polytomic would not give is left out, so it is neither a new failure nor a recovery.
const REMEMBERED: Record<SyncStateKind, RunHealth | undefined> = {
  failed: 'failed',
  warning: 'warning',
  running: 'running',
  queued: 'running',
  unknown: undefined,
  canceled: 'idle',
  completed: 'ok',
  never_run: 'idle',
  paused: 'idle',
};
// States the digest has nothing to say about: when every sync is in one of them, it says so in one line.
const CALM: readonly SyncStateKind[] = ['completed', 'never_run', 'paused'];
// States named in the digest's closing line; failing syncs get a block each above it.
const NAMED: readonly SyncStateKind[] = ['warning', 'running', 'queued', 'canceled', 'unknown'];

/**
 * One calm message: counts, new failures and recoveries since the last digest, each failing sync with
 * its last error and a Start button; the rest go, complete, into a threaded reply.
 */
export function renderDigest(input: {
  subscription: Pick<DigestSubscription, 'schedule' | 'scope'>;
  rows: readonly DigestRow[];
  previous?: DigestSnapshot;
  polytomicUrl: string;
  preview?: boolean;
  /** The channel's open alerts, by sync: a failing sync's block says who is on it. */
  openAlerts?: ReadonlyMap<string, Pick<Incident, 'owner' | 'permalink'>>;
}): RenderedDigest {
  const { previous } = input;
  const rows: StatedRow[] = input.rows
    .map((row) => ({ ...row, name: row.sync.name, state: syncState(row.sync, row.status) }))
    .sort(byUrgency);
  const snapshot: DigestSnapshot = {};
  for (const row of rows) {
    const remembered = REMEMBERED[row.state.kind];
    if (remembered) snapshot[row.sync.id] = remembered;
  }
  const inState = (...kinds: SyncStateKind[]) => rows.filter((r) => kinds.includes(r.state.kind));
  const failing = inState('failed');
  const paused = inState('paused').length;
  const newFailures = previous
    ? failing.filter((r) => previous[r.sync.id] !== undefined && previous[r.sync.id] !== 'failed')
    : [];
  const recovered = previous ? inState('completed', 'warning').filter((r) => previous[r.sync.id] === 'failed') : [];

  const onlyFailing = input.subscription.scope.kind === 'only_failing';
  if (onlyFailing && failing.length === 0 && !input.preview) return { snapshot };
  const onlyFailingNote = onlyFailing ? [context(failing.length ? ONLY_FAILING_POSTED : ONLY_FAILING_SKIPPED)] : [];

  const title = `${input.preview ? 'Preview: ' : ''}Polytomic digest`;
  const counts = tallyStates(rows.map((r) => r.state));
  const headline = `*${title}* · ${rows.length} sync${rows.length === 1 ? '' : 's'}: ${counts}`;
  const names = (list: StatedRow[]) => list.map((r) => `*${escapeText(truncate(r.sync.name, 80))}*`).join(', ');

  if (rows.every((r) => CALM.includes(r.state.kind)) && recovered.length === 0) {
    const active = rows.length - paused;
    const line = `:white_check_mark: ${input.preview ? 'Preview: ' : ''}all ${active} active sync${active === 1 ? ' is' : 's are'} healthy${paused ? ` (${paused} paused)` : ''}.`;
    return { message: { text: line, blocks: [section(line), ...onlyFailingNote] }, snapshot };
  }

  const blocks: KnownBlock[] = [section(headline)];
  const callouts: string[] = [];
  if (newFailures.length) callouts.push(`:rotating_light: *New failures:* ${names(newFailures)}`);
  if (recovered.length) callouts.push(`:white_check_mark: *Recovered:* ${names(recovered)}`);
  if (callouts.length) blocks.push(section(truncate(callouts.join('\n'), MAX_SECTION_TEXT)));
  for (const row of failing.slice(0, DIGEST_POLICY.failingShown))
    blocks.push(failingBlock(row, input.polytomicUrl, input.openAlerts?.get(row.sync.id)));
  const notShown = failing.length - Math.min(failing.length, DIGEST_POLICY.failingShown);
  const rest = [
    ...(notShown ? [`${notShown} more failing`] : []),
    ...NAMED.flatMap((kind) => {
      const list = inState(kind);
      return list.length ? [`${stateIcon(kind)} ${capitalise(countedAs(kind))}: ${names(list)}`] : [];
    }),
  ];
  blocks.push(
    context(
      truncate(`${rest.join(' · ')}${rest.length ? '. ' : ''}Every sync is listed in the thread.`, MAX_SECTION_TEXT),
    ),
    ...onlyFailingNote,
  );
  return {
    message: { text: `${title}: ${counts}`, blocks },
    details: renderDetails(rows, input.polytomicUrl),
    snapshot,
  };
}

function failingBlock(
  row: StatedRow,
  polytomicUrl: string,
  alert: Pick<Incident, 'owner' | 'permalink'> | undefined,
): KnownBlock {
  const run = row.status?.last;
  const error = run?.errors[0] ?? run?.statusMessage;
  const text = [
    `${row.state.icon} *${escapeText(truncate(row.sync.name, 150))}* (${row.sync.kind} sync) · ${stateText(row.state)} · <${syncUrl(polytomicUrl, row.sync)}|Open in Polytomic>`,
    ...(error ? [`> ${escapeText(truncate(error.replace(/\s+/g, ' '), 200))}`] : []),
    ...(alert ? [`:rotating_light: ${alertOpenLink(alert)} · ${whoIsOnIt(alert)}`] : []),
  ].join('\n');
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) },
    accessory: startSyncButton(row.sync),
  };
}

function renderDetails(rows: readonly StatedRow[], polytomicUrl: string): SlackMessage {
  const lines = rows.map(
    (r) =>
      `${r.state.icon} <${syncUrl(polytomicUrl, r.sync)}|${escapeText(truncate(r.sync.name, 100))}> · ${stateText(r.state)}`,
  );
  const sections = packLines(lines, 48);
  const shown = sections.reduce((n, s) => n + s.count, 0);
  const blocks: KnownBlock[] = sections.map((s) => section(s.text));
  if (shown < lines.length) blocks.push(context(`…and ${lines.length - shown} more.`));
  return { text: `Every sync in this digest (${rows.length})`, blocks };
}

const ONLY_FAILING_POSTED =
  ':information_source: An *only failing* digest: it is posted when at least one sync is failing, as now, and skipped when none is.';
const ONLY_FAILING_SKIPPED =
  ':information_source: An *only failing* digest: with nothing failing, none would be posted now.';

/** What a digest covers, in words; an only-failing one says when it is skipped. */
export const scopeText = (scope: DigestSubscription['scope']) =>
  scope.kind === 'all'
    ? 'every sync'
    : scope.kind === 'only_failing'
      ? 'every sync, posted only when at least one is failing (skipped when none is)'
      : scope.syncs.map((s) => `*${escapeText(truncate(s.name, 80))}*`).join(', ');

/** The channel's subscriptions, each with who created it and when, and how to stop it. */
export function renderDigestList(
  subscriptions: readonly DigestSubscription[],
  channelId: string,
  command: string,
): SlackMessage {
  if (subscriptions.length === 0) {
    const text = `<#${channelId}> has no digest. Set one up with \`${command} digest daily 09:00\` (or \`weekdays 08:30\`, \`weekly mon 09:00\`), optionally followed by a time zone and \`for <sync>, <sync>\` or \`only failing\`.`;
    return { text, blocks: [section(text)] };
  }
  const lines = subscriptions.map((s) => {
    const state = s.paused
      ? `:double_vertical_bar: paused (${escapeText(s.paused.reason)})`
      : `next ${slackDate(new Date(s.nextRunAt).toISOString())}`;
    return `• \`${s.id}\` ${describeSchedule(s.schedule)} for ${scopeText(s.scope)} · created by <@${s.createdBy}> ${slackDate(new Date(s.createdAt).toISOString(), '{date_short}')} · ${state}`;
  });
  const text = `*Digests in <#${channelId}>*\n${lines.join('\n')}`;
  return {
    text: cutAtLine(text, MAX_FALLBACK_TEXT),
    blocks: [
      section(text),
      context(`\`${command} digest off <id>\` turns one off; \`${command} digest off\` offers a button for each.`),
    ],
  };
}

/** Said in the channel when someone subscribes it, so everyone knows where the digest comes from. */
export function renderDigestCreated(
  subscription: DigestSubscription,
  zoneFromSlack: boolean,
  command: string,
): SlackMessage {
  const zone = zoneFromSlack
    ? ` (${subscription.schedule.timeZone} is <@${subscription.createdBy}>'s Slack time zone)`
    : '';
  const text = `:calendar: <@${subscription.createdBy}> set up a Polytomic digest here, ${describeSchedule(subscription.schedule)}, for ${scopeText(subscription.scope)}${zone}. ${subscription.scope.kind === 'only_failing' ? 'It first checks' : 'The first one comes'} ${slackDate(new Date(subscription.nextRunAt).toISOString())}. \`${command} digest off ${subscription.id}\` stops it.`;
  return { text, blocks: [section(text)] };
}

/** The answer to a subscribe command the channel already has: nothing is created twice. */
export function renderDigestExists(subscription: DigestSubscription, command: string): SlackMessage {
  const text = `<#${subscription.channelId}> already has that digest (\`${subscription.id}\`, created by <@${subscription.createdBy}> ${slackDate(new Date(subscription.createdAt).toISOString(), '{date_short}')}): ${describeSchedule(subscription.schedule)}, for ${scopeText(subscription.scope)}. Nothing was changed; \`${command} digest\` lists the channel's digests.`;
  return { text, blocks: [section(text)] };
}

/** Sent to the creator when Slack will no longer take the channel's digest. */
export function renderDigestPaused(subscription: DigestSubscription, error: string): SlackMessage {
  const why =
    error === 'is_archived'
      ? 'the channel is archived'
      : error === 'not_in_channel'
        ? 'I am no longer in the channel (invite me back with `/invite @Polytomic`)'
        : error === 'channel_not_found'
          ? 'the channel no longer exists, or it is private and I was removed'
          : `Slack refused the post (\`${escapeWithin(error, 100, escapeCode)}\`)`;
  const text = `:double_vertical_bar: I paused the Polytomic digest you set up in <#${subscription.channelId}> (${describeSchedule(subscription.schedule)}) because ${why}. Set it up again with \`/polytomic digest\` once that is fixed.`;
  return { text, blocks: [section(text)] };
}

/** A digest command that could not be read (its problem says why and what to type). */
export const renderDigestCommandInvalid = (problem: string): SlackMessage => textMessage(`:warning: ${problem}`);

/** Why a subscription could not be set up. */
export type DigestSetupProblem =
  | { kind: 'unknown_zone'; zone: string }
  | { kind: 'sync_not_picked'; name: string; ambiguous: boolean; suggestions: readonly string[] }
  | { kind: 'too_many'; channelId: string; count: number };

export function renderDigestNotSetUp(problem: DigestSetupProblem): SlackMessage {
  return textMessage(`:warning: ${describeSetupProblem(problem)} No digest was set up.`);
}

function describeSetupProblem(problem: DigestSetupProblem): string {
  switch (problem.kind) {
    case 'unknown_zone':
      return `\`${escapeCode(problem.zone)}\` is not a time zone I know: use a name like \`Europe/Paris\`, \`America/New_York\` or \`UTC\`.`;
    case 'sync_not_picked': {
      const hint = problem.ambiguous
        ? 'several syncs have that name; use its id.'
        : problem.suggestions.length
          ? `did you mean ${problem.suggestions.map((s) => `*${escapeText(s)}*`).join(', ')}?`
          : 'no sync is called that.';
      return `I couldn't pick the sync *${escapeText(problem.name)}*: ${hint}`;
    }
    case 'too_many':
      return `<#${problem.channelId}> already has ${problem.count} digests, the most one channel may have.`;
  }
}

/** `digest now` when there is nothing to show. */
export const renderNothingToReport = (): SlackMessage => textMessage('Nothing to report.');
