import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoAuditStore } from '../../../src/lib/adapters/dynamo/audit-store.js';
import type { AuditStore } from '../../../src/lib/app/ports/audit-store.js';
import { ConditionFailedError } from '../../../src/lib/errors.js';
import { engines } from '../../support/dynamo.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const KEY = 'start-AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const alice = { jobId: 'job-alice', userId: 'U0ALICE', at: T0 };
const bob = { jobId: 'job-bob', userId: 'U0BOB', at: T0 + 300 };

describe.each(engines)('change claims in the audit store on $name', (engine) => {
  let store: AuditStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await engine.open();
    store = createDynamoAuditStore(opened.client, opened.tableName);
    close = opened.close;
  });
  afterEach(async () => close());

  it('gives a key to the first job that claims it; the owner retrying finds its own claim, another job finds the owner', async () => {
    expect(await store.claimChange(KEY, alice)).toEqual({ claim: alice, created: true });
    expect(await store.claimChange(KEY, alice)).toEqual({ claim: alice, created: false });
    expect(await store.claimChange(KEY, bob)).toEqual({ claim: alice, created: false });
    expect(await store.claimChange('cancel-AbCdEfGhIjKlMnOpQrStUvWxYz012345', bob)).toEqual({
      claim: bob,
      created: true,
    });
  });

  it('lets one of two jobs claiming at once own the key', async () => {
    const results = await Promise.all([store.claimChange(KEY, alice), store.claimChange(KEY, bob)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.claim.jobId)).size).toBe(1);
  });

  it('shows how the change ended once the owner settles it, and refuses to let another job settle it', async () => {
    await store.claimChange(KEY, alice);
    await store.settleChange(KEY, 'job-alice', { outcome: 'started', executionId: 'exec-1' });
    expect((await store.claimChange(KEY, bob)).claim).toEqual({ ...alice, outcome: 'started', executionId: 'exec-1' });
    await expect(store.settleChange(KEY, 'job-bob', { outcome: 'already_running' })).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    await store.settleChange(KEY, 'job-alice', { outcome: 'already_running' });
    expect((await store.claimChange(KEY, bob)).claim).toEqual({ ...alice, outcome: 'already_running' });
  });

  it('lets only the owner give a key up, after which the next job to claim it owns it', async () => {
    await store.claimChange(KEY, alice);
    await store.releaseChange(KEY, 'job-bob');
    expect((await store.claimChange(KEY, bob)).claim).toEqual(alice);
    await store.releaseChange(KEY, 'job-alice');
    await store.releaseChange(KEY, 'job-alice');
    expect(await store.claimChange(KEY, bob)).toEqual({ claim: bob, created: true });
  });

  it('never gives up a settled claim: the change it records happened', async () => {
    await store.claimChange(KEY, alice);
    await store.settleChange(KEY, 'job-alice', { outcome: 'started', executionId: 'exec-1' });
    await store.releaseChange(KEY, 'job-alice');
    expect(await store.claimChange(KEY, bob)).toEqual({
      claim: { ...alice, outcome: 'started', executionId: 'exec-1' },
      created: false,
    });
  });
});

describe.each(engines)('the audit trail on $name', (engine) => {
  it('keeps an entry per target when one job changes several (a grouped alert taken at one press)', async () => {
    const opened = await engine.open();
    try {
      const store = createDynamoAuditStore(opened.client, opened.tableName);
      const change = (id: string, name: string) =>
        store.record({
          at: T0,
          jobId: 'job-group',
          userId: 'U0ALICE',
          channelId: 'C0DATA',
          action: 'alert',
          target: { kind: 'model', id, name },
          outcome: 'taken',
        });
      await change('5c000000-0000-4000-8000-000000000001', 'Orders');
      await change('5c000000-0000-4000-8000-000000000002', 'Churn');
      await change('5c000000-0000-4000-8000-000000000002', 'Churn'); // the job's retry rewrites its own entry
      const all = await store.list({ limit: 10 });
      expect(all.entries.map((e) => e.target.name).sort()).toEqual(['Churn', 'Orders']);
    } finally {
      await opened.close();
    }
  });
});
