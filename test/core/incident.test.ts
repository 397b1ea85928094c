import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../src/lib/core/alerts.js';
import { parseSnoozeValue, snoozeValue } from '../../src/lib/core/buttons.js';
import { parseCommand } from '../../src/lib/core/command.js';
import { parseSnooze } from '../../src/lib/core/commands/snooze.js';
import { parseWatch } from '../../src/lib/core/commands/watch.js';
import type { Incident } from '../../src/lib/core/incident.js';
import { decideDueTimers, incidentDueAt, incidentExpiresAt, parseSnoozeLength } from '../../src/lib/core/incident.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const SYNC = '5c000000-0000-4000-8000-000000000007';

const incident: Incident = {
  channelId: 'C0DATA',
  syncId: SYNC,
  syncName: 'Orders',
  syncKind: 'model',
  threadTs: '1.1',
  openedAt: T0,
  remindUnownedAt: T0 + 30 * MINUTE,
  unownedReminded: false,
  version: 3,
};
const failing: AlertState = { failing: true, threadTs: '1.1', lastEventAt: T0, failures: 1, version: 0 };

describe('snooze lengths', () => {
  it('reads lengths in minutes to weeks and "until it recovers", and nothing else', () => {
    expect(parseSnoozeLength('90m')).toEqual({ ms: 90 * MINUTE, words: '90 minutes' });
    expect(parseSnoozeLength('1 day')).toEqual({ ms: 1_440 * MINUTE, words: '1 day' });
    expect(parseSnoozeLength('2 weeks')).toEqual({ ms: 2 * 7 * 1_440 * MINUTE, words: '2 weeks' });
    expect(parseSnoozeLength('until it recovers')).toEqual({ untilRecovery: true, words: 'until it recovers' });
    expect(parseSnoozeLength('recovery')).toMatchObject({ untilRecovery: true });
    for (const refused of ['0h', '31d', '5 weeks', 'soon', '1.5h', '-1h', ''])
      expect(parseSnoozeLength(refused)).toBeUndefined();
  });

  it('takes the longest ending of the command that is a length, the rest being the sync', () => {
    expect(parseSnooze('Orders to Snowflake 4h')).toMatchObject({
      target: 'Orders to Snowflake',
      length: { ms: 240 * MINUTE },
    });
    expect(parseSnooze('Orders until it recovers')).toMatchObject({
      target: 'Orders',
      length: { untilRecovery: true },
    });
    expect(parseSnooze('Orders 2 days')).toMatchObject({ target: 'Orders', length: { words: '2 days' } });
    expect(parseSnooze('Orders for a bit')).toEqual({ target: 'Orders for a bit' });
    expect(parseSnooze('4h')).toEqual({ target: '4h' });
  });

  it("reads a Snooze option's value back strictly", () => {
    const sync = { kind: 'model' as const, id: SYNC };
    expect(parseSnoozeValue(snoozeValue(sync, '1w'))).toEqual({ sync, choice: '1w' });
    expect(parseSnoozeValue(snoozeValue(sync, 'recovery'))).toEqual({ sync, choice: 'recovery' });
    for (const forged of [`model:${SYNC}:2w`, `model:${SYNC}`, `model:not-a-uuid:1h`, `table:${SYNC}:1h`, undefined])
      expect(parseSnoozeValue(forged)).toBeUndefined();
  });
});

describe('watch … notify', () => {
  it('reads people and groups as Slack escapes them, after the sync and its mode', () => {
    expect(
      parseWatch('Orders to Snowflake all-runs notify <@U0BOB|bob> <!subteam^S0DATA|@data team> <@U0BOB>'),
    ).toEqual({
      target: 'Orders to Snowflake',
      mode: 'all-runs',
      modeNamed: true,
      notify: { ids: ['U0BOB', 'S0DATA'] },
    });
    expect(parseWatch('Orders notify none')).toEqual({ target: 'Orders', mode: 'failures', notify: { ids: [] } });
    expect(parseWatch('Orders')).toEqual({ target: 'Orders', mode: 'failures' });
  });

  it('names the first word that is not a mention, or nothing when none follows', () => {
    expect(parseWatch('Orders notify <@U0BOB|bob> @carol').notify).toEqual({ refused: '@carol' });
    expect(parseWatch('Orders notify <#C0DATA|data>').notify).toEqual({ refused: '<#C0DATA|data>' });
    expect(parseWatch('Orders notify').notify).toEqual({ refused: '' });
  });

  it('reads escaped links and channels back as typed, keeping mentions', () => {
    expect(parseCommand('status <http://orders.io|orders.io>')).toEqual({ kind: 'status', query: 'orders.io' });
    expect(parseCommand('watch Orders notify <@U0BOB|bob>')).toEqual({
      kind: 'watch',
      query: 'Orders notify <@U0BOB|bob>',
    });
    expect(parseCommand('status a &lt;b&gt;')).toEqual({ kind: 'status', query: 'a <b>' });
  });
});

describe('how long an incident is kept', () => {
  const NOW = T0 + 60 * MINUTE;
  const over = { ...incident, remindUnownedAt: undefined, recoveredAt: NOW };

  it('goes 30 days after the change that left nothing pending', () => {
    expect(incidentExpiresAt(over, NOW)).toBe(NOW / 1000 + 30 * 86_400);
    // A snooze whose end has passed, spent by the poller; or one kept on a sync that never alerted.
    const quiet = { ...over, threadTs: undefined, recoveredAt: undefined, openedAt: undefined };
    expect(incidentExpiresAt(quiet, NOW)).toBe(NOW / 1000 + 30 * 86_400);
  });

  it('is kept while an alert is open, a timer is pending, or a snooze lasts until a recovery', () => {
    expect(incidentExpiresAt({ ...incident, remindUnownedAt: undefined }, NOW)).toBeUndefined();
    expect(incidentExpiresAt({ ...over, remindUnownedAt: NOW + MINUTE }, NOW)).toBeUndefined();
    expect(incidentExpiresAt({ ...over, snooze: { until: NOW + MINUTE, by: 'U', at: T0 } }, NOW)).toBeUndefined();
    expect(incidentExpiresAt({ ...over, snooze: { by: 'U', at: T0 } }, NOW)).toBeUndefined();
  });
});

describe('incident timers', () => {
  it('is due at the earliest pending timer', () => {
    expect(incidentDueAt(incident)).toBe(T0 + 30 * MINUTE);
    expect(incidentDueAt({ ...incident, snooze: { until: T0 + MINUTE, by: 'U', at: T0 } })).toBe(T0 + MINUTE);
    expect(incidentDueAt({ ...incident, remindUnownedAt: undefined, snooze: { by: 'U', at: T0 } })).toBeUndefined();
  });

  it('reminds once in the thread when nobody took a failure still failing', () => {
    const { next, reminders } = decideDueTimers(incident, failing, T0 + 30 * MINUTE);
    expect(reminders).toEqual([{ kind: 'unowned', threadTs: '1.1' }]);
    expect(next).toMatchObject({ remindUnownedAt: undefined, unownedReminded: true });
    expect(incidentDueAt(next)).toBeUndefined();
  });

  it('says nothing for an owned, recovered, snoozed or superseded failure, but spends the reminder', () => {
    const now = T0 + 30 * MINUTE;
    const owner = { userId: 'U0ALICE', since: T0, jobId: 'j' };
    expect(decideDueTimers({ ...incident, owner }, failing, now).reminders).toEqual([]);
    expect(decideDueTimers(incident, { ...failing, failing: false }, now).reminders).toEqual([]);
    expect(decideDueTimers(incident, { ...failing, threadTs: '2.2' }, now).reminders).toEqual([]);
    const snoozed = decideDueTimers({ ...incident, snooze: { by: 'U', at: T0 } }, failing, now);
    expect(snoozed).toMatchObject({ reminders: [], next: { unownedReminded: true } });
  });

  it('ends a snooze with one reminder if still failing: in the thread, or at top level when there is none', () => {
    const snooze = { until: T0 + 60 * MINUTE, by: 'U', at: T0 };
    const ended = decideDueTimers({ ...incident, snooze }, failing, T0 + 60 * MINUTE);
    // The snooze's end stands in for the unowned reminder due by then.
    expect(ended.reminders).toEqual([{ kind: 'snooze_end', threadTs: '1.1' }]);
    expect(ended.next.snooze).toBeUndefined();
    const noThread = { ...incident, threadTs: undefined, remindUnownedAt: undefined, snooze };
    expect(decideDueTimers(noThread, { ...failing, threadTs: undefined }, T0 + 60 * MINUTE).reminders).toEqual([
      { kind: 'snooze_end', threadTs: undefined },
    ]);
    expect(decideDueTimers(noThread, { ...failing, failing: false }, T0 + 60 * MINUTE).reminders).toEqual([]);
    expect(decideDueTimers({ ...incident, snooze }, failing, T0 + 59 * MINUTE).next.snooze).toEqual(snooze);
  });
});
