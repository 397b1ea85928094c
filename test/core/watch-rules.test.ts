import { describe, expect, it } from 'vitest';
import type { AlertEntry, WatchRule } from '../../src/lib/core/alerts.js';
import { parseWatch } from '../../src/lib/core/commands/watch.js';
import type { RunSummary } from '../../src/lib/core/sync.js';
import type { RuleCheckState } from '../../src/lib/core/watch-rules.js';
import {
  applyErrorsRule,
  applyRuleChanges,
  describeRule,
  medianDuration,
  parseDuration,
  planRuleCheck,
} from '../../src/lib/core/watch-rules.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SYNC = { id: 'sync-1', name: 'Support Tickets', kind: 'model' as const };

describe('the watch grammar', () => {
  it('reads rule clauses after the sync, in any order and beside a mode, and leaves the name whole', () => {
    expect(parseWatch('Support Tickets → Salesforce Cases stale 6h')).toEqual({
      target: 'Support Tickets → Salesforce Cases',
      mode: 'failures',
      rules: [{ kind: 'stale', afterMs: 6 * HOUR }],
    });
    expect(parseWatch('orders errors > 5% all-runs running >3x')).toEqual({
      target: 'orders',
      mode: 'all-runs',
      modeNamed: true,
      rules: [
        { kind: 'errors', over: 5, percent: true },
        { kind: 'running', timesMedian: 3 },
      ],
    });
    expect(parseWatch('orders errors>100 running > 1h30m').rules).toEqual([
      { kind: 'errors', over: 100, percent: false },
      { kind: 'running', afterMs: 90 * MINUTE },
    ]);
    expect(parseWatch('orders stale off').rules).toEqual([{ kind: 'stale', off: true }]);
    expect(parseWatch('Errors Dashboard')).toEqual({ target: 'Errors Dashboard', mode: 'failures' });
    expect(parseWatch('orders')).toEqual({ target: 'orders', mode: 'failures' });
  });

  it('names what it cannot read as a rule instead of taking it for part of the name', () => {
    expect(parseWatch('orders stale soon').ruleError).toEqual({ unreadable: 'stale soon' });
    expect(parseWatch('orders errors > lots').ruleError).toEqual({ unreadable: 'errors > lots' });
    expect(parseWatch('orders errors > 150%').ruleError).toEqual({ unreadable: 'errors > 150%' });
    expect(parseWatch('orders running > 1x').ruleError).toEqual({ unreadable: 'running > 1x' });
    expect(parseWatch('orders stale 1m').ruleError).toEqual({ unreadable: 'stale 1m' });
    expect(parseWatch('orders stale 6h stale 2h').ruleError).toEqual({ repeated: 'stale' });
  });

  it('reads durations in minutes, hours and days, and nothing else', () => {
    expect(parseDuration('90m')).toBe(90 * MINUTE);
    expect(parseDuration('1d2h')).toBe(26 * HOUR);
    expect(parseDuration('6')).toBeUndefined();
    expect(parseDuration('6hours')).toBeUndefined();
    expect(parseDuration('0h')).toBeUndefined();
  });

  it('replaces a rule of the same kind, removes one on `off`, and says each as it was typed', () => {
    const rules = applyRuleChanges(
      [
        { kind: 'running', afterMs: 2 * HOUR },
        { kind: 'errors', over: 100, percent: false },
      ],
      [
        { kind: 'errors', over: 5, percent: true },
        { kind: 'stale', afterMs: 6 * HOUR },
        { kind: 'running', off: true },
      ],
    );
    expect(rules.map(describeRule)).toEqual(['stale 6h', 'errors > 5%']);
    expect(describeRule({ kind: 'running', afterMs: 90 * MINUTE })).toBe('running > 1h30m');
    expect(describeRule({ kind: 'running', timesMedian: 3 })).toBe('running > 3x');
    expect(describeRule({ kind: 'errors', over: 1500, percent: false })).toBe('errors > 1,500');
  });
});

describe('applyErrorsRule', () => {
  const warning: AlertEntry = {
    eventId: 'e1',
    at: T0,
    syncId: SYNC.id,
    syncName: SYNC.name,
    syncKind: 'model',
    outcome: 'warning',
    error: 'some rows rejected',
    counts: { total: 1000, errored: 80 },
  };
  const percent: WatchRule[] = [{ kind: 'errors', over: 5, percent: true }];

  it('makes a completed-with-errors run over the threshold a failure that names the rule', () => {
    expect(applyErrorsRule(warning, percent)).toEqual({
      ...warning,
      outcome: 'failed',
      rule: 'errors > 5%',
      error: '80 records errored (8% of 1,000 records): some rows rejected',
    });
    expect(applyErrorsRule(warning, [{ kind: 'errors', over: 50, percent: false }]).outcome).toBe('failed');
  });

  it('leaves a run at or under the threshold, a run without counts, and any other outcome as they are', () => {
    expect(applyErrorsRule(warning, [{ kind: 'errors', over: 8, percent: true }])).toBe(warning);
    expect(applyErrorsRule(warning, [{ kind: 'errors', over: 80, percent: false }])).toBe(warning);
    expect(applyErrorsRule({ ...warning, counts: undefined }, percent)).toEqual({ ...warning, counts: undefined });
    expect(applyErrorsRule({ ...warning, counts: { errored: 80 } }, percent).outcome).toBe('warning');
    const context = { counts: { total: 1000, errored: 80 }, errors: [], errorCount: 80 };
    expect(applyErrorsRule({ ...warning, counts: undefined, context }, percent).outcome).toBe('failed');
    expect(applyErrorsRule({ ...warning, outcome: 'completed' }, percent).outcome).toBe('completed');
    expect(applyErrorsRule(warning, undefined)).toBe(warning);
  });
});

const run = (status: string, startedAt: number, ms?: number, id = `x-${startedAt}`): RunSummary => ({
  id,
  status,
  startedAt: iso(startedAt),
  completedAt: ms === undefined ? undefined : iso(startedAt + ms),
  counts: { total: 400 },
  errors: [],
});

describe('planRuleCheck: stale', () => {
  const stale: WatchRule[] = [{ kind: 'stale', afterMs: 6 * HOUR }];
  const armed: RuleCheckState = { armedAt: T0 };
  const lastOk = run('completed', T0 - 5 * HOUR - 3 * MINUTE, 3 * MINUTE);

  it('is due when the last success turns six hours old, and says nothing before', () => {
    const plan = planRuleCheck({
      now: T0 - 3 * HOUR,
      sync: SYNC,
      rules: stale,
      state: armed,
      status: { last: lastOk },
    });
    expect(plan.fired).toEqual([]);
    expect(plan.nextDueAt).toBe(T0 + HOUR);
    expect(plan.state.lastSuccessAt).toBe(T0 - 5 * HOUR);
  });

  it('fires once a stretch, with an id and time a retried check repeats, naming the run that never started', () => {
    const now = T0 + HOUR + 30_000;
    const input = {
      now,
      sync: SYNC,
      rules: stale,
      state: { armedAt: T0 - 2 * HOUR, lastSuccessAt: T0 - 5 * HOUR },
      status: { last: lastOk, nextRunAt: iso(T0 - 4 * HOUR - 10 * MINUTE) },
    };
    const plan = planRuleCheck(input);
    expect(plan.fired).toEqual([
      {
        eventId: `rule:stale:sync-1:${T0 - 5 * HOUR}`,
        at: T0 + HOUR,
        syncId: 'sync-1',
        syncName: 'Support Tickets',
        syncKind: 'model',
        outcome: 'failed',
        rule: 'stale 6h',
        error:
          'No successful run in 6h (since 2026-11-23 05:00 UTC); its next scheduled run (2026-11-23 05:50 UTC) never started.',
      },
    ]);
    expect(planRuleCheck({ ...input, now: now + 5_000 }).fired.map((e) => [e.eventId, e.at])).toEqual([
      [plan.fired[0]!.eventId, plan.fired[0]!.at],
    ]);
    const after = planRuleCheck({ ...input, now: now + HOUR, state: plan.state });
    expect(after.fired).toEqual([]);
    expect(after.nextDueAt).toBe(now + 2 * HOUR);
  });

  it('counts from when the rule was set for a sync never seen to succeed', () => {
    const plan = planRuleCheck({
      now: T0 + 6 * HOUR,
      sync: SYNC,
      rules: stale,
      state: armed,
      status: { last: run('failed', T0 - HOUR, MINUTE) },
    });
    expect(plan.fired.map((e) => e.error)).toEqual(['No successful run in 6h (since the rule was set).']);
  });

  it('recovers when a later check sees a successful run, and counts the next stretch from it', () => {
    const state = { armedAt: T0, lastSuccessAt: T0 - 5 * HOUR, staleFiredFor: T0 - 5 * HOUR };
    const fresh = run('completed', T0 + 2 * HOUR, MINUTE, 'exec-9');
    const plan = planRuleCheck({ now: T0 + 3 * HOUR, sync: SYNC, rules: stale, state, status: { last: fresh } });
    expect(plan.fired).toEqual([
      {
        eventId: `rule:stale-ok:sync-1:${T0 + 2 * HOUR + MINUTE}`,
        at: T0 + 2 * HOUR + MINUTE,
        syncId: 'sync-1',
        syncName: 'Support Tickets',
        syncKind: 'model',
        outcome: 'completed',
        executionId: 'exec-9',
        records: 400,
      },
    ]);
    expect(plan.state.staleFiredFor).toBeUndefined();
    expect(plan.nextDueAt).toBe(T0 + 8 * HOUR + MINUTE);
  });
});

describe('planRuleCheck: running', () => {
  const fixed: WatchRule[] = [{ kind: 'running', afterMs: 2 * HOUR }];

  it('when idle, looks again when a run starting now could first be over the limit', () => {
    const plan = planRuleCheck({ now: T0, sync: SYNC, rules: fixed, state: { armedAt: T0 }, status: {} });
    expect(plan.nextDueAt).toBe(T0 + 2 * HOUR);
    const long = planRuleCheck({
      now: T0,
      sync: SYNC,
      rules: [{ kind: 'running', afterMs: 30 * MINUTE }],
      state: { armedAt: T0 },
      status: {},
    });
    expect(long.nextDueAt).toBe(T0 + 30 * MINUTE);
  });

  it('is due at the run’s start plus the limit, then fires once for that run', () => {
    const current = run('running', T0 - 90 * MINUTE, undefined, 'exec-1');
    const before = planRuleCheck({ now: T0, sync: SYNC, rules: fixed, state: { armedAt: T0 }, status: { current } });
    expect(before).toMatchObject({ fired: [], nextDueAt: T0 + 30 * MINUTE });
    const over = planRuleCheck({
      now: T0 + 31 * MINUTE,
      sync: SYNC,
      rules: fixed,
      state: before.state,
      status: { current },
    });
    expect(over.fired).toEqual([
      expect.objectContaining({
        eventId: 'rule:running:sync-1:exec-1',
        at: T0 + 30 * MINUTE,
        outcome: 'failed',
        rule: 'running > 2h',
        executionId: 'exec-1',
        error: 'Still running after 2h 1m (started 2026-11-23 08:30 UTC).',
      }),
    ]);
    const again = planRuleCheck({ now: T0 + HOUR, sync: SYNC, rules: fixed, state: over.state, status: { current } });
    expect(again.fired).toEqual([]);
  });

  it('looks at an alerted run every 5 minutes, and closes its alert once when it is canceled', () => {
    const current = run('running', T0 - 90 * MINUTE, undefined, 'exec-1');
    const over = planRuleCheck({
      now: T0 + 31 * MINUTE,
      sync: SYNC,
      rules: fixed,
      state: { armedAt: T0 },
      status: { current },
    });
    expect(over.nextDueAt).toBe(T0 + 36 * MINUTE);
    const still = planRuleCheck({
      now: T0 + 36 * MINUTE,
      sync: SYNC,
      rules: fixed,
      state: over.state,
      status: { current },
    });
    expect(still).toMatchObject({ fired: [], nextDueAt: T0 + 41 * MINUTE });

    const canceled = run('canceled', T0 - 90 * MINUTE, 128 * MINUTE, 'exec-1');
    const ended = planRuleCheck({
      now: T0 + 41 * MINUTE,
      sync: SYNC,
      rules: fixed,
      state: still.state,
      status: { last: canceled },
    });
    expect(ended.fired).toEqual([
      {
        syncId: 'sync-1',
        syncName: 'Support Tickets',
        syncKind: 'model',
        outcome: 'canceled',
        eventId: 'rule:running-canceled:sync-1:exec-1',
        at: T0 + 38 * MINUTE,
        rule: 'running > 2h',
        executionId: 'exec-1',
      },
    ]);
    expect(ended.state.runningFiredFor).toBeUndefined();
    const later = planRuleCheck({
      now: T0 + 46 * MINUTE,
      sync: SYNC,
      rules: fixed,
      state: ended.state,
      status: { last: canceled },
    });
    expect(later.fired).toEqual([]);
  });

  it('leaves a late run that completed or failed to its own event, and watches for the next late run', () => {
    const current = run('running', T0 - 150 * MINUTE, undefined, 'exec-1');
    const over = planRuleCheck({
      now: T0,
      sync: SYNC,
      rules: fixed,
      state: { armedAt: T0 - 3 * HOUR },
      status: { current },
    });
    expect(over.state.runningFiredFor).toBe('exec-1');
    for (const status of ['completed', 'failed']) {
      const plan = planRuleCheck({
        now: T0 + 10 * MINUTE,
        sync: SYNC,
        rules: fixed,
        state: over.state,
        status: { last: run(status, T0 - 150 * MINUTE, 155 * MINUTE, 'exec-1') },
      });
      expect(plan.fired, status).toEqual([]);
      expect(plan.state.runningFiredFor, status).toBeUndefined();
    }
  });

  it('asks for the median of the last runs for a run it has none for, and judges 3× it', () => {
    const rules: WatchRule[] = [{ kind: 'running', timesMedian: 3 }];
    const current = run('running', T0 - 40 * MINUTE, undefined, 'exec-2');
    const first = planRuleCheck({ now: T0, sync: SYNC, rules, state: { armedAt: T0 }, status: { current } });
    expect(first).toMatchObject({ fired: [], needsMedianFor: 'exec-2' });
    const median = medianDuration([
      current,
      run('completed', T0 - 3 * HOUR, 10 * MINUTE),
      run('failed', T0 - 4 * HOUR, 12 * MINUTE),
      run('completed', T0 - 5 * HOUR, 14 * MINUTE),
    ]);
    expect(median).toBe(12 * MINUTE);
    const state = { armedAt: T0, medianMs: median, medianFor: 'exec-2' };
    const plan = planRuleCheck({ now: T0, sync: SYNC, rules, state, status: { current } });
    expect(plan.fired.map((e) => e.error)).toEqual([
      'Still running after 40m (started 2026-11-23 09:20 UTC); its median run takes 12m.',
    ]);
    expect(plan.needsMedianFor).toBeUndefined();
  });

  it('finds no median without finished runs', () => {
    expect(medianDuration([run('running', T0)])).toBeUndefined();
    expect(medianDuration([run('completed', T0, MINUTE), run('completed', T0, 3 * MINUTE)])).toBe(2 * MINUTE);
  });
});
