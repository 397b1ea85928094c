import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoIncidentStore } from '../../../src/lib/adapters/dynamo/incident-store.js';
import type { IncidentStore } from '../../../src/lib/app/ports/incident-store.js';
import type { IncidentFields } from '../../../src/lib/core/incident.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const SYNC = '5c000000-0000-4000-8000-000000000007';

const opened: IncidentFields = {
  channelId: 'C0DATA',
  syncId: SYNC,
  syncName: 'Orders to Snowflake',
  syncKind: 'model',
  threadTs: '1700000000.000100',
  alert: JSON.stringify({ text: 'Orders failed' }),
  notify: ['U0BOB', 'S0DATA'],
  openedAt: T0,
  remindUnownedAt: T0 + 30 * MINUTE,
  unownedReminded: false,
};

describe.each(engines)('incident store on $name', (engine) => {
  let store: IncidentStore;
  let close: () => Promise<void>;
  let rawExpiresAt: () => Promise<unknown>;
  beforeEach(async () => {
    const table = await engine.open();
    store = createDynamoIncidentStore(table.client, table.tableName);
    close = table.close;
    rawExpiresAt = async () => {
      const Key = { pk: { S: 'INCIDENT#C0DATA' }, sk: { S: SYNC } };
      const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key }));
      return Item && unmarshall(Item).expiresAt;
    };
  });
  afterEach(async () => close());

  it('creates one incident of two at once, reads it back, and lists it by channel', async () => {
    const results = await Promise.allSettled([store.save(undefined, opened, T0), store.save(undefined, opened, T0)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConditionFailedError) });
    expect(await store.get('C0DATA', SYNC)).toEqual({ ...opened, version: 0 });
    expect(await store.ofChannel('C0DATA')).toEqual([{ ...opened, version: 0 }]);
    expect(await store.ofChannel('C0OTHER')).toEqual([]);
  });

  it('lets one of two presses on the same version write, and removes the fields the next state leaves out', async () => {
    const first = await store.save(undefined, opened, T0);
    const take = (userId: string) =>
      store.save(
        first,
        { ...opened, owner: { userId, since: T0, jobId: `job-${userId}` }, remindUnownedAt: undefined },
        T0,
      );
    const results = await Promise.allSettled([take('U0ALICE'), take('U0BOB')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const taken = (await store.get('C0DATA', SYNC))!;
    expect(taken.version).toBe(1);
    expect(taken.remindUnownedAt).toBeUndefined();
    expect(Object.keys(taken)).not.toContain('remindUnownedAt');
    expect(['U0ALICE', 'U0BOB']).toContain(taken.owner?.userId);
  });

  it('carries its TTL only while nothing about it is pending: removed when an alert opens again', async () => {
    const first = await store.save(undefined, opened, T0);
    expect(await rawExpiresAt()).toBeUndefined();
    const recovered = await store.save(
      first,
      { ...opened, remindUnownedAt: undefined, recoveredAt: T0 + MINUTE },
      T0 + MINUTE,
    );
    expect(await rawExpiresAt()).toBe((T0 + MINUTE) / 1000 + 30 * 86_400);
    await store.save(
      recovered,
      { ...opened, threadTs: '1700000999.000100', openedAt: T0 + 9 * MINUTE },
      T0 + 9 * MINUTE,
    );
    expect(await rawExpiresAt()).toBeUndefined();
  });

  it('is due at its earliest timer, leaves the index with none, and a claim holds it until the lease ends', async () => {
    const snooze = { until: T0 + 10 * MINUTE, by: 'U0ALICE', at: T0 };
    const saved = await store.save(undefined, { ...opened, snooze }, T0);
    expect(await store.due(T0 + 10 * MINUTE - 1, 10)).toEqual([]);
    const [due] = await store.due(T0 + 10 * MINUTE, 10);
    expect(due).toEqual(saved);

    const claims = await Promise.all([
      store.claim(due!, T0 + 12 * MINUTE, T0 + 10 * MINUTE),
      store.claim(due!, T0 + 12 * MINUTE, T0 + 10 * MINUTE),
    ]);
    const held = claims.filter(Boolean);
    expect(held).toHaveLength(1);
    expect(await store.due(T0 + 11 * MINUTE, 10)).toEqual([]);
    // A run that died leaves it due again at its lease end.
    expect((await store.due(T0 + 12 * MINUTE, 10)).map((i) => i.version)).toEqual([held[0]!.version]);

    // Saved after the snooze ended: due at the unowned reminder.
    const next = await store.save(held[0], { ...opened, snooze: undefined }, T0 + 10 * MINUTE);
    expect(await store.due(T0 + 29 * MINUTE, 10)).toEqual([]);
    expect(await store.due(T0 + 30 * MINUTE, 10)).toEqual([next]);
    // A write from the run whose lease was taken over loses.
    await expect(store.save(held[0], opened, T0 + 11 * MINUTE)).rejects.toBeInstanceOf(ConditionFailedError);

    await store.save(next, { ...opened, remindUnownedAt: undefined, unownedReminded: true }, T0 + 30 * MINUTE);
    expect(await store.due(T0 + 1_000 * MINUTE, 10)).toEqual([]);
  });

  it('keeps an incident with no timer out of the index from its creation', async () => {
    const quiet = { ...opened, remindUnownedAt: undefined, snooze: { by: 'U0ALICE', at: T0 } };
    expect(await store.save(undefined, quiet, T0)).toEqual({ ...quiet, version: 0 });
    expect(await store.due(T0 + 1_000 * MINUTE, 10)).toEqual([]);
  });
});
