import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoRefreshStore } from '../../../src/lib/adapters/dynamo/refresh-store.js';
import type { NewRefresh, RefreshStore } from '../../../src/lib/app/ports/refresh-store.js';
import { DEFAULT_TIMING } from '../../../src/lib/core/timing.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const ask = (jobId: string, connectionId = 'conn-1'): NewRefresh => ({
  connectionId,
  connectionName: 'Production Postgres',
  connectionType: 'PostgreSQL',
  jobId,
  channelId: 'C1',
  requestedBy: 'U1',
});

describe.each(engines)('refresh store on $name', (engine) => {
  let store: RefreshStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoRefreshStore(opened.client, opened.tableName);
    close = opened.close;
  });
  afterEach(async () => close());

  it('gives the slot to one of two jobs asking at once; the other sees who holds it', async () => {
    const [a, b] = await Promise.all([
      store.claim(ask('job-a'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs),
      store.claim(ask('job-b'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['claimed', 'taken']);
    const holder = a.kind === 'claimed' ? 'job-a' : 'job-b';
    expect((a.kind === 'taken' ? a : b).refresh.jobId).toBe(holder);
  });

  it('lets the holding job resume its slot on a retry, keeping what it recorded', async () => {
    const { refresh } = await store.claim(ask('job-a'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs);
    await store.save(refresh, { parentTs: '111.222' }, T0 + 1);
    expect(await store.claim(ask('job-a'), T0 + 2, T0 + 2 + DEFAULT_TIMING.refreshStartingLeaseMs)).toMatchObject({
      kind: 'resumed',
      refresh: { parentTs: '111.222', version: 1 },
    });
  });

  it('frees a starting slot whose job died, once its lease is over', async () => {
    await store.claim(ask('job-a'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs);
    expect(
      (
        await store.claim(
          ask('job-b'),
          T0 + DEFAULT_TIMING.refreshStartingLeaseMs,
          T0 + DEFAULT_TIMING.refreshStartingLeaseMs + DEFAULT_TIMING.refreshStartingLeaseMs,
        )
      ).kind,
    ).toBe('taken');
    expect(
      (
        await store.claim(
          ask('job-b'),
          T0 + DEFAULT_TIMING.refreshStartingLeaseMs + 1,
          T0 + DEFAULT_TIMING.refreshStartingLeaseMs + 1 + DEFAULT_TIMING.refreshStartingLeaseMs,
        )
      ).kind,
    ).toBe('claimed');
  });

  it('puts a pending refresh in the due list at its check time, and takes a done one out', async () => {
    const { refresh } = await store.claim(ask('job-a'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs);
    expect(await store.hasActive()).toBe(false);
    const pending = await store.save(refresh, { status: 'pending', requestedAt: T0, dueAt: T0 + 5_000 }, T0);
    expect(await store.hasActive()).toBe(true);
    expect(await store.listDue(T0 + 4_999, 10)).toEqual([]);
    expect((await store.listDue(T0 + 5_000, 10)).map((r) => r.jobId)).toEqual(['job-a']);
    await store.save(pending, { status: 'done', outcome: 'fresh' }, T0 + 6_000);
    expect(await store.hasActive()).toBe(false);
    expect(await store.listDue(T0 + 1e9, 10)).toEqual([]);
    expect((await store.claim(ask('job-c'), T0 + 7_000, T0 + 7_000 + DEFAULT_TIMING.refreshStartingLeaseMs)).kind).toBe(
      'claimed',
    );
  });

  it('refuses a write based on a version someone else already changed', async () => {
    const { refresh } = await store.claim(ask('job-a'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs);
    await store.save(refresh, { status: 'pending', dueAt: T0 }, T0);
    await expect(store.save(refresh, { status: 'finishing' }, T0)).rejects.toBeInstanceOf(ConditionFailedError);
  });

  it('keeps refreshes of different connections apart', async () => {
    expect((await store.claim(ask('job-a', 'conn-1'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs)).kind).toBe(
      'claimed',
    );
    expect((await store.claim(ask('job-b', 'conn-2'), T0, T0 + DEFAULT_TIMING.refreshStartingLeaseMs)).kind).toBe(
      'claimed',
    );
  });
});
