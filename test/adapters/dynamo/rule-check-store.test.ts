import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoAlertStore } from '../../../src/lib/adapters/dynamo/alert-store.js';
import { createDynamoRuleCheckStore } from '../../../src/lib/adapters/dynamo/rule-check-store.js';
import type { AlertStore } from '../../../src/lib/app/ports/alert-store.js';
import type { RuleCheckStore, RuleCheckTarget } from '../../../src/lib/app/ports/rule-check-store.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;
const target = (channelId: string, syncId = 'sync-1'): RuleCheckTarget => ({
  channelId,
  syncId,
  syncName: 'Support Tickets',
  syncKind: 'model',
  rules: [{ kind: 'stale', afterMs: 6 * HOUR }],
});

describe.each(engines)('rule check store on $name', (engine) => {
  let store: RuleCheckStore;
  let alerts: AlertStore;
  let put: (item: Record<string, unknown>) => Promise<unknown>;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoRuleCheckStore(opened.client, opened.tableName);
    alerts = createDynamoAlertStore(opened.client, opened.tableName);
    put = (item) => opened.client.send(new PutItemCommand({ TableName: opened.tableName, Item: marshall(item) }));
    close = opened.close;
  });
  afterEach(async () => close());

  it('lists a check due once it is armed, and lets one of two runs take it', async () => {
    await store.arm(target('C1'), T0);
    expect(await store.due(T0 - 1, 10)).toEqual([]);
    const [due] = await store.due(T0, 10);
    expect(due).toEqual({ ...target('C1'), state: { armedAt: T0 }, version: 0 });
    const taken = await Promise.all([store.claim(due!, T0 + 120_000, T0), store.claim(due!, T0 + 120_000, T0)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await store.due(T0 + 60_000, 10)).toEqual([]);
  });

  it('keeps what a check learnt and its due time, and refuses the save of a run whose check changed meanwhile', async () => {
    await store.arm(target('C1'), T0);
    const held = (await store.claim((await store.due(T0, 10))[0]!, T0 + 120_000, T0))!;
    const state = { armedAt: T0, lastSuccessAt: T0 - HOUR, staleFiredFor: T0 - HOUR };
    expect(await store.reschedule(held, state, T0 + 5 * HOUR, T0 + 1)).toBe(true);
    expect(await store.reschedule(held, state, T0 + 5 * HOUR, T0 + 2)).toBe(false);
    expect(await store.due(T0 + 5 * HOUR - 1, 10)).toEqual([]);
    expect((await store.due(T0 + 5 * HOUR, 10)).map((c) => c.state)).toEqual([state]);
  });

  it('re-arming changes the rules and makes the check due now, keeping what it learnt; disarming removes it', async () => {
    await store.arm(target('C1'), T0);
    const held = (await store.claim((await store.due(T0, 10))[0]!, T0 + 120_000, T0))!;
    await store.reschedule(held, { armedAt: T0, lastSuccessAt: T0 - HOUR }, T0 + 5 * HOUR, T0);
    const running = { ...target('C1'), rules: [{ kind: 'running' as const, timesMedian: 3 }] };
    await store.arm(running, T0 + HOUR);
    expect(await store.due(T0 + HOUR, 10)).toEqual([
      { ...running, state: { armedAt: T0, lastSuccessAt: T0 - HOUR }, version: 3 },
    ]);
    await store.disarm('C1', 'sync-1');
    await store.disarm('C1', 'sync-1');
    expect(await store.due(T0 + 10 * HOUR, 10)).toEqual([]);
  });

  it('lists at most the limit, longest overdue first, one check per sync and channel', async () => {
    await store.arm(target('C2'), T0 + 2);
    await store.arm(target('C1'), T0 + 1);
    await store.arm(target('C1', 'sync-2'), T0 + 3);
    expect((await store.due(T0 + 10, 2)).map((c) => `${c.channelId}/${c.syncId}`)).toEqual(['C1/sync-1', 'C2/sync-1']);
  });

  it('reads a watch stored before watches had rules, and one with rules', async () => {
    const old = {
      channelId: 'C1',
      syncId: 'sync-1',
      syncName: 'Orders',
      mode: 'failures',
      createdBy: 'U1',
      createdAt: T0,
    };
    await put({ pk: 'WATCHES#C1', sk: 'sync-1', ...old });
    await alerts.putWatch({
      ...old,
      syncId: 'sync-2',
      mode: 'all-runs',
      rules: [{ kind: 'errors', over: 5, percent: true }],
    });
    expect(await alerts.watchesOfChannel('C1')).toEqual([
      old,
      { ...old, syncId: 'sync-2', mode: 'all-runs', rules: [{ kind: 'errors', over: 5, percent: true }] },
    ]);
  });
});
