import type { Arbitrary } from 'fast-check';
import fc from 'fast-check';
import type { AlertEntry, Watch } from '../../src/lib/core/alerts.js';
import type { Incident } from '../../src/lib/core/incident.js';
import type { SlackMessage } from '../../src/lib/core/message.js';
import {
  renderFailureAlert,
  renderGroupedFailures,
  renderRepeatFailure,
  renderWatchList,
} from '../../src/lib/core/render-alerts.js';
import {
  renderAlertOver,
  renderAlertRoot,
  renderGroupAnswer,
  renderGroupPressed,
  renderGroupSnoozed,
  renderNotifyRefused,
  renderNotifySet,
  renderNotSnoozed,
  renderNotYours,
  renderReleased,
  renderSnoozed,
  renderSnoozeEnded,
  renderSnoozeList,
  renderSnoozeUsage,
  renderTaken,
  renderTakenBy,
  renderUnownedReminder,
  renderUnsnoozed,
  watchNotifies,
  withNotified,
  withOwner,
} from '../../src/lib/core/render-incident.js';

type Strings = (i: number) => string;

/** The incident workflow's renderers, built from renderer-cases.ts's own helpers (passed in: no import cycle). */
export function incidentCases<Case>(h: {
  rendererCase: <P>(name: string, params: Arbitrary<P>, render: (s: Strings, p: P) => SlackMessage) => Case;
  entry: (s: Strings, at: number, n: number) => AlertEntry;
  idOf: (s: Strings, i: number) => string;
  rows: (max: number) => Arbitrary<number>;
  list: <T>(count: number, each: (n: number) => T) => T[];
  maxRows: number;
  USER: string;
  CHANNEL: string;
  GROUP: string;
  AT: number;
  POLYTOMIC: string;
}): Case[] {
  const { rendererCase, USER, GROUP, AT } = h;
  // n picks the state: nobody on it, owned, snoozed for a while or until recovery, recovered.
  const incident = (s: Strings, at: number, n: number): Incident => ({
    channelId: h.CHANNEL,
    syncId: h.idOf(s, at),
    syncName: s(at + 1),
    syncKind: n % 2 ? 'bulk' : 'model',
    threadTs: '1700000000.000100',
    notify: n % 2 ? [USER, GROUP] : undefined,
    owner: n % 5 === 1 || n % 5 === 4 ? { userId: USER, since: AT, jobId: 'job' } : undefined,
    snooze: n % 5 === 2 ? { until: AT + 3_600_000, by: USER, at: AT } : n % 5 === 3 ? { by: USER, at: AT } : undefined,
    recoveredAt: n % 5 === 4 ? AT + 60_000 : undefined,
    version: 1,
  });
  const state = fc.nat(9);
  return [
    rendererCase('renderAlertRoot', state, (s, n) =>
      renderAlertRoot(renderFailureAlert(h.entry(s, 0, 0), h.POLYTOMIC), incident(s, 0, n)),
    ),
    rendererCase('withNotified', h.rows(h.maxRows), (s, count) =>
      withNotified(
        renderGroupedFailures(
          h.list(count + 1, (n) => h.entry(s, n * 3, n)),
          h.POLYTOMIC,
        ),
        h.list(60, (n) => (n % 2 ? USER : GROUP)),
      ),
    ),
    rendererCase('withOwner', fc.nat(5), (s, n) => withOwner(renderRepeatFailure(h.entry(s, 0, n)), USER)),
    rendererCase('renderSnoozeEnded', state, (s, n) =>
      renderSnoozeEnded(incident(s, 0, n), n % 3 ? [USER, GROUP] : []),
    ),
    rendererCase('renderUnownedReminder', state, (s, n) =>
      renderUnownedReminder(incident(s, 0, n), n % 2 ? [USER, GROUP] : [], 30),
    ),
    rendererCase('renderTaken', state, (s, n) => renderTaken(incident(s, 0, n))),
    rendererCase('renderGroupPressed', fc.tuple(h.rows(h.maxRows), fc.boolean()), (s, [count, take]) =>
      renderGroupPressed(
        USER,
        take ? 'taken' : 'released',
        h.list(count + 1, (n) => incident(s, n * 2, n)),
      ),
    ),
    rendererCase('renderGroupSnoozed', h.rows(h.maxRows), (s, count) =>
      renderGroupSnoozed(
        USER,
        h.list(count, (n) => incident(s, n * 2, 2 + (n % 2))),
      ),
    ),
    rendererCase('renderGroupAnswer', fc.tuple(h.rows(h.maxRows), fc.boolean()), (s, [count, take]) => {
      const open = h.list(count, (n) => incident(s, n * 2, n));
      return renderGroupAnswer(USER, take ? 'taken' : 'released', open.slice(0, count % 3), open);
    }),
    rendererCase('renderTakenBy', fc.boolean(), (s, mine) =>
      renderTakenBy(incident(s, 0, 1), mine ? USER : 'U0SOMEONE'),
    ),
    rendererCase('renderReleased', state, (s, n) => renderReleased(incident(s, 0, n))),
    rendererCase('renderNotYours', state, (s, n) => renderNotYours(incident(s, 0, n))),
    rendererCase('renderAlertOver', state, (s, n) => renderAlertOver(n === 0 ? undefined : incident(s, 0, n))),
    rendererCase('renderSnoozed', fc.boolean(), (s, timed) => renderSnoozed(incident(s, 0, timed ? 2 : 3), USER)),
    rendererCase('renderUnsnoozed', state, (s, n) => renderUnsnoozed(incident(s, 0, n), USER)),
    rendererCase('renderNotSnoozed', fc.constant(undefined), (s) => renderNotSnoozed(s(0), '/polytomic')),
    rendererCase('renderSnoozeUsage', fc.constant(undefined), () => renderSnoozeUsage('/polytomic')),
    rendererCase('renderNotifyRefused', fc.constant(undefined), (s) => renderNotifyRefused(s(0), '/polytomic')),
    rendererCase('renderNotifySet', fc.boolean(), (s, all) =>
      renderNotifySet(USER, [USER, GROUP], all ? undefined : s(0)),
    ),
    rendererCase('renderSnoozeList', h.rows(h.maxRows), (s, count) => ({
      text: 'Snoozed',
      blocks: renderSnoozeList(h.list(count, (n) => incident(s, n * 2, 2 + (n % 2)))),
    })),
    rendererCase('renderWatchList with notify', h.rows(h.maxRows), (s, count) =>
      renderWatchList(
        h.list(
          count,
          (n): Watch => ({
            channelId: h.CHANNEL,
            syncId: h.idOf(s, n * 2),
            syncName: s(n * 2 + 1),
            mode: 'failures',
            createdBy: USER,
            createdAt: AT,
            notify: n % 2 ? [USER, GROUP, USER, GROUP, USER, GROUP, USER, GROUP, USER, GROUP] : undefined,
          }),
        ),
        h.CHANNEL,
        '/polytomic',
        watchNotifies,
      ),
    ),
  ];
}
