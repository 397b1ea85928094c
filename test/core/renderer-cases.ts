import type { KnownBlock } from '@slack/types';
import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import { acknowledgeCommand } from '../../src/lib/core/ack.js';
import type { AlertEntry, RunOutcome, Watch, WatchRule } from '../../src/lib/core/alerts.js';
import { ALERT_POLICY } from '../../src/lib/core/alerts.js';
import type { AuditEntry } from '../../src/lib/core/audit.js';
import { renderBadRule } from '../../src/lib/core/commands/watch.js';
import type { Connection } from '../../src/lib/core/connection.js';
import type { DigestSubscription } from '../../src/lib/core/digest.js';
import { explainPolytomicFailure, renderPolytomicFailure, renderRetrying } from '../../src/lib/core/failure.js';
import { summariseFailure } from '../../src/lib/core/failure-context.js';
import { renderHelp } from '../../src/lib/core/help.js';
import type { Incident } from '../../src/lib/core/incident.js';
import type { SlackMessage } from '../../src/lib/core/message.js';
import { escapeText } from '../../src/lib/core/mrkdwn.js';
import type { Refresh, RefreshOutcome } from '../../src/lib/core/refresh.js';
import {
  renderFailureAlert,
  renderFinishedRuns,
  renderGroupedFailures,
  renderGroupedRecoveries,
  renderRecovery,
  renderRepeatFailure,
  renderWatchList,
} from '../../src/lib/core/render-alerts.js';
import { renderAudit } from '../../src/lib/core/render-audit.js';
import { connectionChoice, renderConnectionCard, renderConnectionList } from '../../src/lib/core/render-connection.js';
import {
  renderDigest,
  renderDigestCreated,
  renderDigestExists,
  renderDigestList,
  renderDigestPaused,
} from '../../src/lib/core/render-digest.js';
import {
  renderDigestOffChoice,
  renderDigestsAlreadyOff,
  renderDigestsTurnedOff,
} from '../../src/lib/core/render-digest-off.js';
import {
  renderConsoleLog,
  renderErroredRecords,
  renderNothingToRetry,
  renderRetryRefused,
  renderRetryRepeated,
  renderRetryWhileRunning,
  renderTablesRetried,
} from '../../src/lib/core/render-failure-context.js';
import type { HomeView } from '../../src/lib/core/render-home.js';
import { MAX_HOME_BLOCKS, renderHome, renderHomeUnavailable } from '../../src/lib/core/render-home.js';
import type { HomeChannels } from '../../src/lib/core/render-home-channels.js';
import { renderAmbiguous, renderNotFound } from '../../src/lib/core/render-names.js';
import {
  renderCannotPost,
  renderNotHealthy,
  renderRefreshAccepted,
  renderRefreshAlreadyRunning,
  renderRefreshFinishedParent,
  renderRefreshNotStarted,
  renderRefreshReply,
  renderRefreshStarted,
} from '../../src/lib/core/render-refresh.js';
import { renderSyncOverview, renderSyncStatus, syncChoice } from '../../src/lib/core/render-status.js';
import { renderNoRulesOnAll, renderWatchRulesSet } from '../../src/lib/core/render-watch-rules.js';
import type { RunSummary, SyncKind, SyncRef, SyncStatus } from '../../src/lib/core/sync.js';
import { describePause } from '../../src/lib/core/sync-pause.js';
import { describePress, pressTime } from '../../src/lib/core/sync-press.js';
import { incidentCases } from './renderer-cases-incident.js';

// Every renderer gets arbitrary strings wherever Polytomic or a person supplies one. Each case draws its
// strings as a list `s` and builds its input from `s(0)`, `s(1)`, …, so the same input can be rendered a
// second time with every hostile string swapped for a plain word: what the renderer formats itself is the
// same in both, so any difference in active formatting came from an input.

const POLYTOMIC = 'https://app.polytomic.test';
const PERMALINK = 'https://slack.test/archives/C0GENERAL/p1700000000000100';
const USER = 'U0ALICE01';
const CHANNEL = 'C0GENERAL';
/** A user group the renderers are given to mention. */
const GROUP = 'S0DATATEAM';
const AT = Date.parse('2026-11-23T09:00:00Z');
const ISO = '2026-11-23T09:00:00Z';

// Words the renderers branch on: kept as they are in the plain rendering, so both take the same branch.
const VOCABULARY = [
  'completed',
  'failed',
  'running',
  'queued',
  'canceled',
  'completed_with_errors',
  'errors',
  'interrupted',
  'scheduled',
  'healthy',
  'unhealthy',
  'fresh',
  'refreshing',
  'not_in_channel',
  'is_archived',
  'channel_not_found',
  'started',
  'refused',
  '1',
  '09',
  '30',
];
// Pieces of hostile text: markup, mentions, links, look-alike markup, line breaks.
const PIECES = [
  '*',
  '_',
  '~',
  '`',
  '>',
  '<',
  '&',
  '|',
  ':',
  '!',
  '@',
  '#',
  '.',
  '/',
  '\n',
  ' ',
  '\u200B',
  '＊',
  '＿',
  '｀',
  '～',
  '<!channel>',
  '<!here|here>',
  '<@U0BOB>',
  '<#C0RANDOM>',
  '<!subteam^S1>',
  '<http://evil.example|Polytomic>',
  'https://evil.example/login',
  'www.evil.example',
  'evil.com',
  'me@evil.io',
  '10.0.0.5',
  'mailto:x@y.z',
  ':red_circle:',
  ':large_green_circle:',
  '*bold*',
  '_it_',
  '```',
  '&lt;',
  '&amp;',
];
export const hostile = (minLength: number, maxLength: number): Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.string({
        unit: fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
        minLength,
        maxLength,
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...VOCABULARY) },
  );

type Strings = (i: number) => string;
interface Case<P> {
  name: string;
  params: Arbitrary<P>;
  render: (s: Strings, p: P) => SlackMessage | undefined;
  /** Slack's block limit for what this renders: 50 for a message, 100 for a Home tab. */
  maxBlocks: number;
}
const rendererCase = <P>(
  name: string,
  params: Arbitrary<P>,
  render: (s: Strings, p: P) => SlackMessage | undefined,
  maxBlocks = 50,
): Case<unknown> => ({ name, params, render, maxBlocks }) as Case<unknown>;
/** A Home tab checked like a message: its blocks, under the view's limit, with a name for fallback text. */
const asMessage = (view: HomeView): SlackMessage => ({ text: 'Home', blocks: view.blocks });
const none = fc.constant(undefined);

// Polytomic ids are UUIDs; an odd one is still shown, but never longer than a UUID here (it goes into button values and URLs).
const idOf = (s: Strings, i: number) =>
  i % 3 === 0 ? `11111111-2222-4333-8444-${String(i).padStart(12, '0')}` : [...s(i)].slice(0, 36).join('');
const kindOf = (n: number): SyncKind => (n % 2 ? 'bulk' : 'model');

const run = (s: Strings, at: number, running = false): RunSummary => ({
  id: idOf(s, at),
  status: running ? 'running' : s(at + 1),
  statusMessage: s(at + 2),
  startedAt: ISO,
  completedAt: running ? undefined : '2026-11-23T09:04:30Z',
  counts: { total: 10, errored: at % 2 },
  errors: [s(at + 3), s(at + 4)].filter(Boolean),
});
const syncRef = (s: Strings, at: number, n = 0): SyncRef => ({
  id: idOf(s, at),
  name: s(at + 1),
  kind: kindOf(n),
  active: n % 3 !== 2,
  schedule: { frequency: s(at + 2), minute: s(at + 3), hour: s(at + 4), dayOfWeek: s(at + 5) },
});
const status = (s: Strings, at: number, n: number): SyncStatus => ({
  current: n % 2 ? run(s, at, true) : undefined,
  last: n % 4 === 3 ? undefined : run(s, at + 5),
  nextRunAt: ISO,
});
const connection = (s: Strings, at: number): Connection => ({
  id: idOf(s, at),
  name: s(at + 1),
  status: s(at + 2),
  statusError: s(at + 3) || undefined,
  typeName: s(at + 4) || undefined,
  apiCallsLast24h: 5,
});
const RULES: WatchRule[] = [
  { kind: 'stale', afterMs: 6 * 3_600_000 },
  { kind: 'errors', over: 5, percent: true },
  { kind: 'running', timesMedian: 3 },
];
const entry = (s: Strings, at: number, n: number): AlertEntry => ({
  eventId: `e${n}`,
  at: AT + n,
  syncId: idOf(s, at),
  syncName: s(at + 1),
  syncKind: kindOf(n),
  outcome: (['failed', 'warning', 'completed', 'canceled'] as RunOutcome[])[n % 4]!,
  error: s(at + 2) || undefined,
  records: n,
  // Every other entry carries the context of its run: a bulk one with failed tables, a model one with errors.
  ...(n % 2 === 0
    ? {}
    : {
        executionId: RUN_ID,
        context: {
          ...summariseFailure(failedRun(s, at + 3, kindOf(n))),
          // A full strip: ten runs, the states a strip can show, one still going.
          recentRuns: Array.from({ length: 10 }, (_, k) => ({
            status: ['failed', 'completed', 'running', s(at + 4) || 'canceled'][k % 4]!,
            startedAt: ISO,
            completedAt: k % 4 === 2 ? undefined : '2026-11-23T09:05:00Z',
            counts: {},
          })),
        },
      }),
  // Entries 2 and 3 of every 4 fired a watch rule (with and without context): shown where "failed" would be.
  rule: n % 4 >= 2 ? s(at + 2) || 'stale 6h' : undefined,
});
const RUN_ID = '66666666-7777-4888-9999-000000000000';
/** A failed run as Polytomic reports it: long errors, and for a bulk run, tables with long names and messages. */
const failedRun = (s: Strings, at: number, kind: SyncKind): RunSummary => ({
  id: RUN_ID,
  status: 'failed',
  statusMessage: s(at),
  counts: { total: 10, inserted: 3, updated: 4, deleted: 1, errored: 2, warnings: 1 },
  errors: [s(at), s(at + 1), s(at + 2), s(at + 3)],
  ...(kind === 'bulk'
    ? { schemas: list(12, (k) => ({ schema: s(at + k), status: 'failed', statusMessage: s(at + k + 1) })) }
    : {}),
});
const named = (s: Strings, at: number, n = 0) => ({ id: idOf(s, at), kind: kindOf(n), name: s(at + 1) });
const subscription = (s: Strings, at: number, n: number): DigestSubscription => ({
  id: ['a1b2c3', 'd4e5f6', '0f0f0f'][n % 3]!,
  channelId: CHANNEL,
  schedule: { every: 'weekly', weekday: 1, hour: 9, minute: 0, timeZone: 'America/New_York' },
  scope:
    n % 3 === 0
      ? { kind: 'all' }
      : n % 3 === 1
        ? { kind: 'only_failing' }
        : { kind: 'syncs', syncs: [0, 1].map((k) => ({ id: idOf(s, at + k), kind: kindOf(k), name: s(at + k + 1) })) },
  createdBy: USER,
  createdAt: AT,
  nextRunAt: AT + 86_400_000,
  version: 1,
  paused: n % 2 ? { reason: s(at + 3), at: AT } : undefined,
});
const watch = (s: Strings, n: number): Watch => ({
  channelId: CHANNEL,
  syncId: n === 0 ? 'ALL' : idOf(s, n * 2),
  syncName: n % 3 ? s(n * 2 + 1) : undefined,
  mode: n % 2 ? 'all-runs' : 'failures',
  createdBy: USER,
  createdAt: AT,
  rules: n % 2 ? RULES : undefined,
  notify: n % 4 === 1 ? [USER, GROUP, USER, GROUP, USER, GROUP, USER, GROUP, USER, GROUP] : undefined,
});
/** A person's channels for the Home: up to 12 watches, a snooze and 3 digests each, every third channel quiet. */
const homeChannels = (s: Strings, count: number): HomeChannels => ({
  settings: list(count, (n) => ({
    channelId: `${CHANNEL}${n}`,
    watches: list(n % 3 ? n % 13 : 0, (k) => watch(s, n + k)),
    open: list(n % 3, (k) => ({
      ...incidentOf(s, n + k),
      threadTs: '1700000000.000100',
      openedAt: AT,
      owner: k % 2 ? { userId: USER, since: AT, jobId: 'job' } : undefined,
    })),
    snoozed:
      n % 2 ? [{ ...incidentOf(s, n), snooze: { by: USER, at: AT, until: n % 4 ? AT + 3_600_000 : undefined } }] : [],
    digests: list(n % 4, (k) => subscription(s, n * 5 + k, k)),
  })),
  checked: 200,
  more: count % 2 === 1,
});
const incidentOf = (s: Strings, at: number): Incident => ({
  channelId: CHANNEL,
  syncId: idOf(s, at),
  syncName: s(at + 1),
  syncKind: kindOf(at),
  version: 1,
});
const refresh = (s: Strings, outcome: RefreshOutcome | undefined, started: boolean): Refresh => ({
  connectionId: idOf(s, 0),
  connectionName: s(1),
  connectionType: s(2) || undefined,
  jobId: 'j1',
  channelId: CHANNEL,
  requestedBy: USER,
  requestedAt: AT,
  permalink: started ? PERMALINK : undefined,
  lastSeen: { cacheStatus: s(3), lastRefreshStarted: ISO, lastRefreshFinished: '2026-11-23T09:02:00Z' },
  status: started ? 'done' : 'starting',
  version: 1,
  checks: 3,
  outcome,
  detail: s(4) || undefined,
  finishedAt: AT + 60_000,
  lastError: started ? 'polytomic_timeout' : undefined,
});
const rows = (max: number) => fc.integer({ min: 1, max });
const outcomes = fc.constantFrom<RefreshOutcome | undefined>(
  'fresh',
  'failed',
  'unhealthy',
  'timed_out',
  'not_started',
  undefined,
);
const list = <T>(count: number, each: (n: number) => T) => Array.from({ length: count }, (_, n) => each(n));

export const cases = (maxRows: number): Case<unknown>[] => [
  rendererCase('renderSyncStatus', fc.tuple(fc.nat(7), fc.boolean()), (s, [n, shareable]) =>
    renderSyncStatus({
      sync: syncRef(s, 0, n),
      status: status(s, 6, n),
      polytomicUrl: POLYTOMIC,
      asOf: AT,
      shareable,
      note:
        n % 2
          ? describePause('pause', { kind: 'refused', detail: s(20) }, `<@${USER}>`, 'now')
          : describePress({ kind: 'refused', detail: s(20) }, `<@${USER}>`, 'now'),
    }),
  ),
  rendererCase('renderSyncOverview', rows(maxRows), (s, count) =>
    renderSyncOverview(
      list(count, (n) => ({ sync: syncRef(s, n * 7, n), status: n % 5 ? status(s, n * 7 + 3, n) : undefined })),
      '/polytomic',
    ),
  ),
  rendererCase(
    'renderHome',
    fc.tuple(rows(maxRows * 3), fc.boolean(), fc.nat(3)),
    (s, [count, stale, channels]) =>
      asMessage(
        renderHome({
          rows: list(count, (n) => ({
            sync: syncRef(s, n * 7, n),
            status: n % 5 ? status(s, n * 7 + 3, n) : undefined,
          })),
          connections: stale ? undefined : list(count, (n) => connection(s, n * 3)),
          refreshes: list(count % 25, () => refresh(s, undefined, true)),
          at: AT,
          command: '/polytomic',
          unavailable: stale ? explainPolytomicFailure({ code: 'polytomic_bad_request', detail: s(2) }) : undefined,
          channels:
            channels === 0
              ? undefined
              : channels === 1
                ? { unreadable: s(4), transient: count % 2 === 0 }
                : homeChannels(s, count),
        }),
      ),
    MAX_HOME_BLOCKS,
  ),
  rendererCase(
    'renderHomeUnavailable',
    rows(maxRows * 3),
    (s, count) =>
      asMessage(
        renderHomeUnavailable({
          explanation: explainPolytomicFailure({ code: 'polytomic_forbidden', detail: s(0) }),
          command: '/polytomic',
          channels: homeChannels(s, count),
        }),
      ),
    MAX_HOME_BLOCKS,
  ),
  rendererCase('renderNotFound', rows(5), (s, count) =>
    renderNotFound({
      noun: 'sync or connection',
      query: s(0),
      usage: '/polytomic status',
      listHint: 'Try `/polytomic status`.',
      suggestions: list(count, (n) =>
        n % 2 ? syncChoice(syncRef(s, n * 3, n)) : connectionChoice(connection(s, n * 3)),
      ),
    }),
  ),
  rendererCase('renderAmbiguous', rows(maxRows), (s, count) =>
    renderAmbiguous({
      noun: 'sync or connection',
      query: s(0),
      usage: '/polytomic status',
      matches: list(count, (n) => (n % 2 ? syncChoice(syncRef(s, n * 3, n)) : connectionChoice(connection(s, n * 3)))),
    }),
  ),
  rendererCase('renderConnectionCard', fc.boolean(), (s, modelSource) =>
    renderConnectionCard({
      connection: connection(s, 0),
      schema: { cacheStatus: s(5), lastRefreshStarted: ISO },
      modelSource: modelSource ? { configurationKeys: [s(6), s(7)], requiresOneOf: [s(8)] } : undefined,
    }),
  ),
  rendererCase('renderConnectionList', rows(maxRows), (s, count) =>
    renderConnectionList(
      list(count, (n) => connection(s, n * 5)),
      '/polytomic',
    ),
  ),
  rendererCase('renderRefreshStarted', fc.boolean(), (s, started) =>
    renderRefreshStarted(refresh(s, undefined, started), AT),
  ),
  rendererCase('renderRefreshFinishedParent', outcomes, (s, outcome) =>
    renderRefreshFinishedParent(refresh(s, outcome, true), AT),
  ),
  rendererCase('renderRefreshReply', fc.tuple(outcomes, rows(20)), (s, [outcome, count]) =>
    renderRefreshReply(refresh(s, outcome, true), {
      added: list(count, (n) => s(n + 5)),
      removed: list(count % 3, (n) => s(n + 9)),
    }),
  ),
  rendererCase('renderRefreshAccepted', fc.boolean(), (s, started) =>
    renderRefreshAccepted(refresh(s, undefined, started)),
  ),
  rendererCase('renderRefreshNotStarted', none, (s) => renderRefreshNotStarted(refresh(s, 'not_started', true))),
  rendererCase('renderRefreshAlreadyRunning', fc.boolean(), (s, started) =>
    renderRefreshAlreadyRunning(refresh(s, undefined, started)),
  ),
  rendererCase('renderNotHealthy', none, (s) =>
    renderNotHealthy({ name: s(0), status: s(1), statusError: s(2) || undefined }),
  ),
  rendererCase('renderWatchRulesSet', fc.nat(3), (s, n) =>
    renderWatchRulesSet(USER, s(0), RULES.slice(n), n % 2 ? 'all-runs' : 'failures'),
  ),
  rendererCase('renderNoRulesOnAll', none, () => renderNoRulesOnAll('/polytomic')),
  rendererCase('renderBadRule', fc.boolean(), (s, repeated) =>
    renderBadRule(repeated ? { repeated: 'stale' } : { unreadable: s(0) }, '/polytomic'),
  ),
  rendererCase('renderCannotPost', none, (s) => renderCannotPost(s(0), CHANNEL)),
  rendererCase('renderFailureAlert', fc.nat(5), (s, n) => renderFailureAlert(entry(s, 0, n), POLYTOMIC)),
  rendererCase('renderGroupedFailures', rows(maxRows), (s, count) =>
    renderGroupedFailures(
      list(count, (n) => entry(s, n * 3, n)),
      POLYTOMIC,
    ),
  ),
  rendererCase('renderRepeatFailure', fc.nat(5), (s, n) =>
    renderRepeatFailure(entry(s, 0, n), n % 2 ? undefined : ALERT_POLICY.suggestPauseAt),
  ),
  rendererCase('renderRecovery', fc.nat(5), (s, n) => renderRecovery(entry(s, 0, n))),
  rendererCase('renderGroupedRecoveries', rows(maxRows), (s, count) =>
    renderGroupedRecoveries(list(count, (n) => entry(s, n * 3, n))),
  ),
  rendererCase('renderFinishedRuns', rows(maxRows), (s, count) =>
    renderFinishedRuns(list(count, (n) => entry(s, n * 3, n))),
  ),
  rendererCase('renderSyncStatus, its last run failed', fc.nat(3), (s, n) =>
    renderSyncStatus({
      sync: syncRef(s, 0, n),
      status: { last: failedRun(s, 6, kindOf(n)) },
      polytomicUrl: POLYTOMIC,
      asOf: AT,
    }),
  ),
  rendererCase('renderConsoleLog', fc.nat(maxRows * 7), (s, count) =>
    renderConsoleLog({
      sync: named(s, 0),
      executionId: idOf(s, 3),
      entries: list(count, (n) => ({ at: n % 2 ? ISO : s(n), level: s(n + 1), message: s(n + 2) })),
    }),
  ),
  rendererCase('renderErroredRecords', fc.nat(3), (s, count) =>
    renderErroredRecords({
      sync: named(s, 0),
      links: {
        // The third is arbitrary text, which must be dropped unless it is itself an https URL (then it is
        // Polytomic's link, linked as given, and checked by the other two).
        urls: list(count, (n) =>
          n === 2 && !/^https:\/\//i.test(s(n))
            ? s(n)
            : `${POLYTOMIC}/files/${n}?expires=1&signature=${'f'.repeat(64)}`,
        ),
        expiresAt: count % 2 ? ISO : s(4),
      },
    }),
  ),
  rendererCase('renderTablesRetried', rows(maxRows * 3), (s, count) =>
    renderTablesRetried({ sync: named(s, 0, 1), tables: list(count, (n) => s(n + 2)) }),
  ),
  rendererCase('renderNothingToRetry', none, (s) => renderNothingToRetry(named(s, 0, 1))),
  rendererCase('renderRetryWhileRunning', none, (s) => renderRetryWhileRunning(named(s, 0, 1))),
  rendererCase('renderRetryRefused', none, (s) => renderRetryRefused(named(s, 0, 1), s(2) || undefined)),
  rendererCase('renderRetryRepeated', none, (s) => renderRetryRepeated(named(s, 0, 1), USER, pressTime(AT))),
  rendererCase('renderWatchList', rows(maxRows), (s, count) =>
    renderWatchList(
      list(count, (n) => watch(s, n)),
      CHANNEL,
      '/polytomic',
    ),
  ),
  rendererCase('renderAudit', fc.tuple(rows(maxRows), fc.boolean()), (s, [count, older]) =>
    renderAudit({
      entries: list(
        count,
        (n): AuditEntry => ({
          at: AT - n,
          jobId: `j${n}`,
          userId: USER,
          channelId: CHANNEL,
          action: (['refresh', 'start', 'cancel', 'pause', 'resume'] as const)[n % 5]!,
          target: { kind: (['connection', 'model', 'bulk'] as const)[n % 3]!, id: idOf(s, n * 4), name: s(n * 4 + 1) },
          outcome: s(n * 4 + 2),
          executionId: s(n * 4 + 3) || undefined,
        }),
      ),
      targetName: s(0) || undefined,
      targetId: older ? '11111111-2222-4333-8444-555555555555' : undefined,
      before: older ? '2026-11-23T09:00:00.000Z#j1' : undefined,
      continued: older,
    }),
  ),
  rendererCase(
    'renderDigest',
    fc.tuple(rows(maxRows), fc.nat(2), fc.boolean()),
    (s, [count, scope, preview]) =>
      renderDigest({
        subscription: subscription(s, 0, scope),
        rows: list(count, (n) => ({ sync: syncRef(s, n * 7, n), status: n % 5 ? status(s, n * 7 + 3, n) : undefined })),
        previous: Object.fromEntries(list(count, (n) => [idOf(s, n * 7), n % 2 ? 'failed' : 'ok'])),
        polytomicUrl: POLYTOMIC,
        preview,
      }).message,
  ),
  rendererCase(
    'renderDigest details',
    rows(maxRows),
    (s, count) =>
      renderDigest({
        subscription: subscription(s, 0, 0),
        rows: list(count, (n) => ({ sync: syncRef(s, n * 7, n), status: status(s, n * 7 + 3, n + 1) })),
        polytomicUrl: POLYTOMIC,
      }).details,
  ),
  rendererCase('renderDigestList', rows(10), (s, count) =>
    renderDigestList(
      list(count, (n) => subscription(s, n * 4, n)),
      CHANNEL,
      '/polytomic',
    ),
  ),
  rendererCase('renderDigestCreated', fc.nat(2), (s, n) =>
    renderDigestCreated(subscription(s, 0, n), n === 1, '/polytomic'),
  ),
  rendererCase('renderDigestExists', fc.nat(2), (s, n) => renderDigestExists(subscription(s, 0, n), '/polytomic')),
  rendererCase('renderDigestPaused', fc.nat(2), (s, n) => renderDigestPaused(subscription(s, 0, n), s(5))),
  rendererCase('renderDigestOffChoice', rows(10), (s, count) =>
    renderDigestOffChoice(
      list(count, (n) => subscription(s, n * 4, n)),
      CHANNEL,
    ),
  ),
  rendererCase('renderDigestsTurnedOff', rows(10), (s, count) =>
    renderDigestsTurnedOff(
      USER,
      list(count, (n) => subscription(s, n * 4, n)),
    ),
  ),
  rendererCase('renderDigestsAlreadyOff', none, (s) => renderDigestsAlreadyOff([s(0)])),
  rendererCase(
    'renderPolytomicFailure',
    fc.constantFrom('polytomic_forbidden', 'polytomic_not_found', 'polytomic_conflict', 'polytomic_bad_request'),
    (s, code) => renderPolytomicFailure({ code, detail: s(0) }, `refresh the schema of *${escapeText(s(1))}*`),
  ),
  rendererCase('renderRetrying', none, (s) =>
    renderRetrying({ code: 'polytomic_unavailable' }, `start *${escapeText(s(0))}*`, 5_000),
  ),
  rendererCase('renderHelp', none, (s) => renderHelp('/polytomic', { word: s(0), suggestion: 'status' })),
  rendererCase(
    'acknowledgeCommand',
    fc.constantFrom('status', 'refresh', 'audit', 'connection', 'unknown'),
    (s, kind) =>
      acknowledgeCommand(kind === 'unknown' ? { kind, word: s(0) } : { kind, query: s(0) }, '/polytomic').reply,
  ),
  ...incidentCases({ rendererCase, entry, idOf, rows, list, maxRows, USER, CHANNEL, GROUP, AT, POLYTOMIC }),
];

// --- What a person sees: the mrkdwn strings (fallback text, sections, fields, context, confirm texts).
type Text = { type: string; text: string };
interface Element {
  type: string;
  text?: Text;
  value?: string;
  url?: string;
  confirm?: { title: Text; text: Text; confirm: Text; deny: Text };
  placeholder?: Text;
  options?: { text: Text; value: string }[];
}

function elementsOf(blocks: KnownBlock[]): Element[] {
  return blocks.flatMap((block) => {
    if (block.type === 'actions') return block.elements as Element[];
    if (block.type === 'section' && block.accessory) return [block.accessory as Element];
    return [];
  });
}

export function mrkdwnOf(message: SlackMessage): string[] {
  const texts: Text[] = [];
  for (const block of message.blocks ?? []) {
    if (block.type === 'section') texts.push(...(block.text ? [block.text] : []), ...(block.fields ?? []));
    if (block.type === 'context') texts.push(...(block.elements as Text[]));
  }
  for (const element of elementsOf(message.blocks ?? [])) if (element.confirm) texts.push(element.confirm.text);
  return [message.text, ...texts.filter((t) => t.type === 'mrkdwn').map((t) => t.text)];
}

// Every mention, date or link the renderer writes is of the person or channel it was given, a date, or
// a link to Polytomic or to the Slack thread; inputs' `<` are escaped, so any other came from an input.
const OWN_TOKEN = new RegExp(
  `^<(@${USER}>|!subteam\\^${GROUP}>|#${CHANNEL}\\d*>|!date\\^\\d+\\^[^|>]*\\||${POLYTOMIC}/|${PERMALINK}\\|)`,
);
const CODE_SPAN = /`[^`]*`/g;

export function foreignTokens(text: string): string[] {
  return [...text.matchAll(/<(?:[!@#]|[a-z][a-z0-9+.-]*:)/gi)]
    .map((m) => text.slice(m.index, m.index + 80))
    .filter((token) => !OWN_TOKEN.test(token));
}

// What Slack would link outside code: a scheme, `www.`, a domain or an e-mail address.
export function bareLinks(text: string): string[] {
  const outsideCode = text.replace(CODE_SPAN, ' ').replace(/<[^<>]*>/g, ' ');
  return outsideCode.match(/\S*(?::\/\/|www\.|[a-z0-9-]\.(?:com|io|example|z)\b)\S*/gi) ?? [];
}

// Active formatting: markup characters and emoji codes outside code spans, and line breaks.
export function formatting(texts: string[]) {
  // A link's URL is not formatted; its label is.
  const outside = texts.map((t) => t.replace(CODE_SPAN, '').replace(/<[^<>|]*\|/g, '<')).join('\u0000');
  const count = (pattern: RegExp) => (outside.match(pattern) ?? []).length;
  return {
    bold: count(/[*＊]/g),
    italic: count(/[_＿]/g),
    strike: count(/[~～]/g),
    code: count(/[`｀]/g),
    emoji: count(/:[a-z0-9_+'-]+:/gi),
    lines: count(/\n/g),
    quotes: count(/(^|\n)(&gt;|>)/g),
  };
}

export function limitProblems(message: SlackMessage, maxBlocks = 50): string[] {
  const problems: string[] = [];
  const check = (what: string, ok: boolean) => ok || problems.push(what);
  const blocks = message.blocks ?? [];
  check('fallback text between 1 and 4000', message.text.length >= 1 && message.text.length <= 4000);
  check(`at most ${maxBlocks} blocks`, blocks.length <= maxBlocks);
  for (const block of blocks) {
    if (block.type === 'header')
      check(
        'header 1..150',
        block.text.text.trim().length >= 1 && block.text.text.length <= 150 && block.text.type === 'plain_text',
      );
    if (block.type === 'section') {
      if (block.text)
        check(
          `section text 1..3000 (${block.text.text.length})`,
          block.text.text.length >= 1 && block.text.text.length <= 3000,
        );
      check('at most 10 fields', (block.fields ?? []).length <= 10);
      for (const field of block.fields ?? [])
        check('field 1..2000', field.text.length >= 1 && field.text.length <= 2000);
    }
    if (block.type === 'context') {
      check('at most 10 context elements', block.elements.length <= 10);
      for (const element of block.elements as Text[])
        check('context text 1..3000', element.text.length >= 1 && element.text.length <= 3000);
    }
    if (block.type === 'actions') check('at most 25 actions', block.elements.length <= 25);
  }
  for (const element of elementsOf(blocks)) {
    if (element.type === 'static_select')
      check(
        'menu: 1..100 options, option text ≤ 75, value ≤ 150, placeholder ≤ 150',
        (element.options?.length ?? 0) >= 1 &&
          (element.options?.length ?? 0) <= 100 &&
          (element.options ?? []).every((o) => o.text.text.length <= 75 && o.value.length <= 150) &&
          (element.placeholder?.text.length ?? 0) <= 150,
      );
    if (element.type !== 'button') continue;
    check('button text ≤ 75', (element.text?.text.length ?? 0) <= 75);
    check('button value ≤ 2000', (element.value ?? '').length <= 2000);
    check('button url ≤ 3000', (element.url ?? '').length <= 3000);
    if (element.confirm)
      check(
        'confirm text ≤ 300, title ≤ 100',
        element.confirm.text.text.length <= 300 && element.confirm.title.text.length <= 100,
      );
  }
  return problems;
}

// Strings the renderers branch on, and letters and digits alone, stay; every other string becomes a
// distinct plain word.
export function plainStrings(strings: string[]): string[] {
  const plain = new Map<string, string>();
  return strings.map((value) => {
    if (/^[A-Za-z0-9]*$/.test(value) || VOCABULARY.includes(value)) return value;
    if (!plain.has(value))
      plain.set(value, `Plain${[...String(plain.size)].map((d) => 'abcdefghij'[Number(d)]).join('')}`);
    return plain.get(value)!;
  });
}
export const stringsOf =
  (strings: string[]): Strings =>
  (i) =>
    strings[i % strings.length]!;
