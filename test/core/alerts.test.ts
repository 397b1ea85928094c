import { describe, expect, it } from 'vitest';
import type { AlertEntry, AlertState } from '../../src/lib/core/alerts.js';
import { classifyEvent, planAlerts } from '../../src/lib/core/alerts.js';
import { renderGroupedRecoveries } from '../../src/lib/core/render-alerts.js';

const entry = (syncId: string, outcome: AlertEntry['outcome'], at: number): AlertEntry => ({
  eventId: `${syncId}-${at}`,
  at,
  syncId,
  syncName: syncId,
  syncKind: 'model',
  outcome,
});
const state = (failing: boolean, lastEventAt: number, threadTs?: string): AlertState => ({
  failing,
  lastEventAt,
  threadTs,
  failures: failing ? 1 : 0,
  version: 1,
});
const failures = () => 'failures' as const;

describe('classifyEvent', () => {
  it('reads failures, warnings (both spellings) and completions, and ignores the rest', () => {
    expect(classifyEvent('sync.failed')).toEqual({ outcome: 'failed', syncKind: 'model' });
    expect(classifyEvent('bulk_sync.completed_with_error')).toEqual({ outcome: 'warning', syncKind: 'bulk' });
    expect(classifyEvent('sync.completed_with_errors')).toEqual({ outcome: 'warning', syncKind: 'model' });
    expect(classifyEvent('bulk_sync.completed')).toEqual({ outcome: 'completed', syncKind: 'bulk' });
    for (const type of ['sync.running', 'sync.canceled', 'bulk_sync.canceled', 'sync.teleported'])
      expect(classifyEvent(type)).toBeUndefined();
  });
});

describe('planAlerts', () => {
  it('turns a first failure into a new alert, a second into a repeat, and a completion into a recovery', () => {
    const plan = planAlerts(
      [entry('a', 'completed', 30), entry('a', 'failed', 10), entry('a', 'failed', 20)],
      new Map([['a', undefined]]),
      failures,
    );
    expect(plan.newFailures.map((e) => e.at)).toEqual([10]);
    expect(plan.repeats.map((r) => r.entry.at)).toEqual([20]);
    expect(plan.recoveries.map((r) => r.entry.at)).toEqual([30]);
  });

  it('closes an alert with its late run’s cancel only when that alert is the sync’s one failure', () => {
    const lateAlone = new Map([['a', state(true, 60, 't')]]);
    const closed = planAlerts([entry('a', 'canceled', 70)], lateAlone, failures);
    expect(closed.recoveries).toEqual([{ entry: entry('a', 'canceled', 70), threadTs: 't' }]);
    expect(closed.ignored).toEqual([]);

    // Failed twice in a row (a failed run, then the late one): the sync still fails after the cancel.
    const failingBefore = new Map([['a', { ...state(true, 60, 't'), failures: 2 }]]);
    const kept = planAlerts([entry('a', 'canceled', 70)], failingBefore, failures);
    expect(kept).toMatchObject({ recoveries: [], repeats: [], newFailures: [], ignored: [entry('a', 'canceled', 70)] });
    // In one batch after an outage: the late run's alert, then its cancel, is told and closed.
    const batch = planAlerts([entry('a', 'failed', 10), entry('a', 'canceled', 20)], new Map(), failures);
    expect(batch.newFailures.map((e) => e.at)).toEqual([10]);
    expect(batch.recoveries.map((r) => r.entry.at)).toEqual([20]);
    // Nothing failing: a cancel has nothing to close.
    expect(planAlerts([entry('a', 'canceled', 70)], new Map([['a', state(false, 60)]]), failures).ignored).toHaveLength(
      1,
    );
  });

  it('drops entries no newer than what the channel already knows', () => {
    const plan = planAlerts([entry('a', 'failed', 50)], new Map([['a', state(false, 60)]]), failures);
    expect(plan.ignored).toHaveLength(1);
    expect(plan.newFailures).toEqual([]);
  });

  it('threads a failure of a sync already failing under its existing alert', () => {
    const plan = planAlerts([entry('a', 'failed', 70)], new Map([['a', state(true, 60, '111.1')]]), failures);
    expect(plan.repeats).toEqual([{ entry: entry('a', 'failed', 70), threadTs: '111.1', inARow: 2 }]);
  });

  it('counts failures in a row across batches, and starts again after a completion the batch carried', () => {
    const failingTwice = new Map([['a', { ...state(true, 60, 't'), failures: 2 }]]);
    const more = planAlerts([entry('a', 'failed', 70), entry('a', 'failed', 80)], failingTwice, failures);
    expect(more.repeats.map((r) => r.inARow)).toEqual([3, 4]);
    const fresh = planAlerts([entry('a', 'failed', 10), entry('a', 'failed', 20)], new Map(), failures);
    expect(fresh.repeats.map((r) => r.inARow)).toEqual([2]);
    const brokenRun = planAlerts(
      [entry('a', 'completed', 70), entry('a', 'failed', 80), entry('a', 'failed', 90)],
      failingTwice,
      failures,
    );
    expect(brokenRun.repeats.map((r) => r.inARow)).toEqual([1, 2]);
  });

  it('treats a warning as healthy: it recovers a failing sync, and says nothing for a healthy one unless all runs are watched', () => {
    expect(
      planAlerts([entry('a', 'warning', 70)], new Map([['a', state(true, 60, 't')]]), failures).recoveries,
    ).toHaveLength(1);
    expect(planAlerts([entry('a', 'warning', 70)], new Map(), failures)).toMatchObject({
      newFailures: [],
      recoveries: [],
      runs: [],
    });
    expect(planAlerts([entry('a', 'warning', 70)], new Map(), () => 'all-runs').runs).toHaveLength(1);
  });

  it('tells only the last episode of a sync that went up and down within one batch, ending on its real state', () => {
    const failingBefore = new Map([['a', state(true, 0, 'old.1')]]);
    const recoveredThenFailed = planAlerts(
      [entry('a', 'completed', 10), entry('a', 'failed', 20)],
      failingBefore,
      failures,
    );
    expect(recoveredThenFailed).toMatchObject({
      newFailures: [],
      repeats: [{ entry: { at: 20 }, threadTs: 'old.1' }],
      recoveries: [],
    });

    const twice = planAlerts(
      [entry('a', 'failed', 10), entry('a', 'completed', 20), entry('a', 'failed', 30)],
      new Map(),
      failures,
    );
    expect(twice).toMatchObject({ newFailures: [{ at: 30 }], repeats: [], recoveries: [] });

    const settled = planAlerts(
      [entry('a', 'failed', 10), entry('a', 'completed', 20), entry('a', 'failed', 30), entry('a', 'completed', 40)],
      failingBefore,
      failures,
    );
    expect(settled).toMatchObject({
      newFailures: [],
      repeats: [{ entry: { at: 30 } }],
      recoveries: [{ entry: { at: 40 }, threadTs: 'old.1' }],
    });
  });

  it('ignores syncs the channel no longer watches', () => {
    expect(planAlerts([entry('a', 'failed', 1)], new Map(), () => undefined).newFailures).toEqual([]);
  });
});

describe('recoveries told together', () => {
  it('name the alerts closed by their late run’s cancel apart from the syncs that recovered', () => {
    const message = renderGroupedRecoveries([
      entry('Orders', 'completed', 10),
      entry('Leads', 'canceled', 11),
      entry('Tickets', 'warning', 12),
    ]);
    expect(message.text).toBe(
      ':white_check_mark: *2 syncs recovered*: *Orders*, *Tickets*\n:no_entry_sign: *Closed, their late run canceled*: *Leads*',
    );
    expect(renderGroupedRecoveries([entry('Leads', 'canceled', 11), entry('Orders', 'completed', 12)]).text).toBe(
      ':white_check_mark: *1 sync recovered*: *Orders*\n:no_entry_sign: *Closed, their late run canceled*: *Leads*',
    );
  });
});
