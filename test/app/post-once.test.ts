import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoPostStore } from '../../src/lib/adapters/dynamo/post-store.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { ConditionFailedError } from '../../src/lib/errors.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import { dynalite, dynamoDbLocal } from '../support/dynamo.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const PROD_NAME = 'Production Postgres (read replica)';
const REFRESH_MS = 20_000;
// Slack accepts the post and answers only after the bot's deadline: the bot cannot know it landed.
const SLOW_SLACK = { slackTimeoutMs: 150 };
const SLOW_ANSWER = { method: 'chat.postMessage', slowMs: 600 };

let h: Harness;
afterEach(async () => h.close());

// Most tests give Slack 150 ms, so a slow answer passes the deadline. `patient` keeps the default deadline, for a
// test whose Slack answers at once: on a loaded machine that can still take more than 150 ms.
const start = async ({ patient = false } = {}) => {
  h = await startHarness({
    clock: createTestClock(T0),
    polytomic: { refreshDurationMs: REFRESH_MS },
    timing: patient ? {} : SLOW_SLACK,
  });
};
const topLevel = (channel = 'C0DATA') => h.posted(channel).filter((m) => !m.threadTs);
const inThread = (ts: string | undefined) => h.posted().filter((m) => m.threadTs === ts);
const lookups = () =>
  h.slack.calls.filter((c) => c.method === 'conversations.history' || c.method === 'conversations.replies').length;

describe('a post whose answer was lost is found, not posted again', () => {
  it('refresh parent: one parent, found on the retry, and the reply lands in its thread', async () => {
    await start();
    h.slack.failNext(SLOW_ANSWER);
    await h.command(`refresh ${PROD_NAME}`);
    await h.settleWithRetries();
    expect(topLevel()).toHaveLength(1);
    expect(lookups()).toBe(1);
    const parent = topLevel()[0]!;
    h.clock.advance(REFRESH_MS);
    await h.tick();
    expect(inThread(parent.ts).map((m) => m.text)).toEqual([expect.stringContaining('is fresh')]);
    expect(h.polytomic.calls.filter((c) => c.method === 'POST' && c.path.includes('/schemas/refresh'))).toHaveLength(1);
  });

  it('threaded reply: one reply when Slack answers the reply after the deadline', async () => {
    await start();
    await h.command(`refresh ${PROD_NAME}`);
    await h.settle();
    const parent = topLevel()[0]!;
    h.slack.failNext(SLOW_ANSWER);
    h.clock.advance(REFRESH_MS);
    expect((await h.tick()).refreshes).toMatchObject({ retry: 1 });
    h.clock.advance(DEFAULT_TIMING.refreshFinishLeaseMs);
    expect((await h.tick()).refreshes).toMatchObject({ finished: 1 });
    expect(inThread(parent.ts)).toHaveLength(1);
    expect(h.slack.messages.filter((m) => m.via === 'chat.update' && m.ts === parent.ts).at(-1)?.text).toContain(
      'was refreshed',
    );
  });

  it('threaded reply to a deleted parent: the stray the lost answer left at top level is found and taken back, nothing posted again', async () => {
    await start();
    await h.command(`refresh ${PROD_NAME}`);
    await h.settle();
    const parent = topLevel()[0]!;
    h.slack.deleteByUser('C0DATA', parent.ts!);
    h.slack.failNext(SLOW_ANSWER);
    h.clock.advance(REFRESH_MS);
    expect((await h.tick()).refreshes).toMatchObject({ retry: 1 });
    h.clock.advance(DEFAULT_TIMING.refreshFinishLeaseMs);
    expect((await h.tick()).refreshes).toMatchObject({ finished: 1 });
    // One post of the reply, which Slack put at top level; the recovery found it there and deleted it.
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
    expect(h.slack.deleted.map((m) => m.text)).toEqual([expect.stringContaining('is fresh')]);
    expect(h.posted()).toEqual([]);
    expect(
      h.slack.calls
        .filter((c) => c.method === 'conversations.replies' || c.method === 'conversations.history')
        .map((c) => c.method),
    ).toEqual(['conversations.replies', 'conversations.history']);
  });

  it('alert: one root message when Slack answers it after the deadline', async () => {
    await start();
    await h.command('watch Orders to Snowflake');
    await h.settle();
    h.slack.failNext(SLOW_ANSWER);
    const failed = {
      id: randomUUID(),
      type: 'sync.failed',
      organization_id: 'org',
      created_at: new Date(T0 + 1_000).toISOString(),
      event: {
        execution_id: randomUUID(),
        sync_id: SIMULATOR_IDS.syncs.ordersToSnowflake,
        sync_name: 'Orders to Snowflake',
        error: 'warehouse is suspended',
      },
    };
    await h.deliver(failed);
    await h.settle();
    h.clock.advance(DEFAULT_TIMING.alertBatchMs);
    expect((await h.tick()).alerts).toMatchObject({ retry: 1 });
    h.clock.advance(DEFAULT_TIMING.alertRetryMs);
    expect((await h.tick()).alerts).toMatchObject({ flushed: 1 });
    expect(topLevel().map((m) => m.text)).toEqual([
      expect.stringContaining('*Orders to Snowflake* (model sync) failed'),
    ]);
  });

  it('digest: one digest and its details when Slack answers the digest after the deadline', async () => {
    await start();
    await h.command('digest daily 09:00 Europe/Paris');
    await h.settle();
    h.slack.failNext(SLOW_ANSWER);
    h.clock.set(Date.parse('2026-11-24T08:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ retry: 1 });
    h.clock.advance(DEFAULT_TIMING.digestPostingLeaseMs);
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    const digests = topLevel().filter((m) => m.text?.startsWith('Polytomic digest'));
    expect(digests).toHaveLength(1);
    expect(inThread(digests[0]!.ts)).toHaveLength(1);
  });

  it('posts as before, with a warning, when Slack will not let it read the channel (never invited to a public channel)', async () => {
    await start();
    h.slack.failNext(SLOW_ANSWER);
    h.slack.failNext({ method: 'conversations.history', error: 'not_in_channel' });
    await h.command(`refresh ${PROD_NAME}`);
    await h.settleWithRetries();
    // The bot cannot know the first parent landed: the message is posted again rather than lost.
    expect(topLevel()).toHaveLength(2);
    expect(h.log.lines.filter((l) => l.message === 'earlier post could not be looked for; posting')).toEqual([
      expect.objectContaining({ level: 'WARN', slackError: 'not_in_channel' }),
    ]);
  });

  it('looks nothing up after Slack refused outright (a 429): the retry simply posts', async () => {
    // A 429 that reached the bot after its deadline would be a lost answer, rightly looked up.
    await start({ patient: true });
    h.slack.failNext({ method: 'chat.postMessage', status: 429, retryAfterSeconds: 1 });
    await h.command(`refresh ${PROD_NAME}`);
    await h.settleWithRetries();
    expect(topLevel()).toHaveLength(1);
    expect(lookups()).toBe(0);
  });
});

describe.each([dynamoDbLocal, dynalite])('the post ledger on $name', (engine) => {
  it('lets one attempt begin a post; a later one sees it and exactly one of two may take it over', async () => {
    const table = await engine.open();
    try {
      const ledger = createDynamoPostStore(table.client, table.tableName);
      const intent = { key: 'refresh:job-1:parent', channel: 'C1', since: T0 };
      expect(await ledger.begin(intent)).toBeUndefined();
      const earlier = await ledger.begin({ ...intent, since: T0 + 90_000 });
      expect(earlier).toEqual(intent);
      const takeovers = await Promise.allSettled([
        ledger.retake(earlier!, T0 + 90_000),
        ledger.retake(earlier!, T0 + 90_001),
      ]);
      expect(takeovers.map((t) => t.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(takeovers.find((t) => t.status === 'rejected')).toMatchObject({
        reason: expect.any(ConditionFailedError),
      });
    } finally {
      await table.close();
    }
  });

  it('forgets an intent only as the attempt that holds it', async () => {
    const table = await engine.open();
    try {
      const ledger = createDynamoPostStore(table.client, table.tableName);
      const intent = { key: 'digest:C1:abc:1', channel: 'C1', threadTs: '1.000001', since: T0 };
      await ledger.begin(intent);
      await ledger.retake(intent, T0 + 5);
      await expect(ledger.forget(intent)).rejects.toBeInstanceOf(ConditionFailedError);
      await ledger.forget({ ...intent, since: T0 + 5 });
      expect(await ledger.begin({ ...intent, since: T0 + 10 })).toBeUndefined();
    } finally {
      await table.close();
    }
  });
});
