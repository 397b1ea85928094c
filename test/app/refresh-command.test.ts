import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_POLICY } from '../../src/lib/core/refresh.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { shown, startHarness } from '../support/harness.js';

const PROD = SIMULATOR_IDS.connections.productionPostgres;
const PROD_NAME = 'Production Postgres (read replica)';
const REFRESH_MS = 20_000;
const STATUS_PATH = new RegExp(`/api/connections/${PROD}/schemas/status`);

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ polytomic: { refreshDurationMs: REFRESH_MS }, ...options });
}
afterEach(async () => h.close());

const threadReplies = (parentTs: string) => h.posted().filter((m) => m.threadTs === parentTs);
const topLevel = () => h.posted().filter((m) => !m.threadTs);
const refreshPosts = () => h.polytomic.calls.filter((c) => c.method === 'POST' && c.path.includes('/schemas/refresh'));

/** Asks for a refresh of the production connection and returns its parent message. */
async function refreshProd(userId = 'U0ALICE') {
  const ack = await h.command(`refresh ${PROD_NAME}`, { userId });
  await h.settle();
  return { ack, parent: topLevel().at(-1) };
}

/** Lets Polytomic finish the refresh and ticks the poller once. */
async function finishAndTick() {
  h.clock.advance(REFRESH_MS);
  return h.tick();
}

describe('/polytomic refresh <connection>', () => {
  beforeEach(() => start());

  it('posts a parent, asks Polytomic once, and replies once in its thread when the cache turns fresh', async () => {
    const { ack, parent } = await refreshProd();
    expect(ack.body).toMatchObject({
      text: `:hourglass_flowing_sand: Asking Polytomic to refresh the schema of *${PROD_NAME}*…`,
    });
    expect(parent?.text).toContain(`<@U0ALICE> asked Polytomic to refresh the schema of *${PROD_NAME}* (PostgreSQL)`);
    expect(refreshPosts()).toHaveLength(1);
    expect(refreshPosts()[0]!.idempotencyKey).toMatch(/^refresh-[A-Za-z0-9_-]{22}$/);
    const accepted = shown(h.replies(ack.responseUrlId)[0]);
    expect(accepted).toContain('Polytomic is refreshing the schema of');
    expect(accepted).toContain(`|this message>`);

    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    expect((await h.tick()).refreshes).toMatchObject({ waiting: 1, finished: 0 });
    expect(threadReplies(parent!.ts!)).toHaveLength(0);

    expect((await finishAndTick()).refreshes).toMatchObject({ finished: 1 });
    const replies = threadReplies(parent!.ts!);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(`The schema of *${PROD_NAME}* (PostgreSQL) is fresh. Polytomic took 20s.`);
    expect(replies[0]!.text).toContain('*What changed:* 1 added: `public.subscriptions`.');
    const update = h.slack.messages.find((m) => m.via === 'chat.update' && m.ts === parent!.ts);
    expect(update?.text).toContain(':white_check_mark: The schema of');
    expect(update?.text).toContain('was refreshed in 20s (asked by <@U0ALICE>)');

    h.clock.advance(60_000);
    await h.tick();
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
    expect(await h.worker.refreshes.refreshes.hasActive()).toBe(false);
    expect(await h.worker.refreshes.refreshes.get(PROD)).toMatchObject({
      status: 'done',
      outcome: 'fresh',
      replyTs: replies[0]!.ts,
    });
  });

  it('answers an unknown name with close names and starts nothing', async () => {
    const ack = await h.command('refresh postgres');
    await h.settle();
    const reply = shown(h.replies(ack.responseUrlId)[0]);
    expect(reply).toContain("I couldn't find a connection called *postgres*. Did you mean:");
    expect(reply).toContain('`/polytomic refresh Staging Postgres` (PostgreSQL connection)');
    expect(refreshPosts()).toHaveLength(0);
    expect(h.posted()).toHaveLength(0);
  });

  it('asks which connection when none is named', async () => {
    const ack = await h.command('refresh');
    expect(shown(ack.body as never)).toContain('Which connection should I refresh?');
  });

  it('refuses an unhealthy connection with its status and error, and starts nothing', async () => {
    const ack = await h.command('refresh Staging Postgres');
    await h.settle();
    const reply = shown(h.replies(ack.responseUrlId)[0]);
    expect(reply).toContain('*Staging Postgres* is `unhealthy`, and Polytomic refreshes only healthy connections');
    expect(reply).toContain('password authentication failed');
    expect(refreshPosts()).toHaveLength(0);
    expect(h.posted()).toHaveLength(0);
  });

  it('starts one refresh and one thread when two people ask at once', async () => {
    const [first, second] = await Promise.all([
      h.command(`refresh ${PROD_NAME}`, { userId: 'U0ALICE' }),
      h.command(`refresh ${PROD_NAME}`, { userId: 'U0BOB' }),
    ]);
    await h.settle();
    expect(refreshPosts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    const answers = [first, second].map((ack) => shown(h.replies(ack.responseUrlId)[0]));
    expect(answers.filter((a) => a.includes('Polytomic is refreshing'))).toHaveLength(1);
    expect(answers.filter((a) => /already under way|is starting a refresh/.test(a))).toHaveLength(1);
  });

  it('points a later request to the thread of the refresh under way, and allows a new one once it is done', async () => {
    const { parent } = await refreshProd('U0ALICE');
    const again = await h.command(`refresh ${PROD_NAME}`, { userId: 'U0BOB' });
    await h.settle();
    expect(shown(h.replies(again.responseUrlId)[0])).toContain(`asked by <@U0ALICE>`);
    expect(shown(h.replies(again.responseUrlId)[0])).toContain(`/p${parent!.ts!.replace('.', '')}|this thread>`);
    await finishAndTick();
    await refreshProd('U0BOB');
    expect(refreshPosts()).toHaveLength(2);
    expect(topLevel()).toHaveLength(2);
  });

  it('tells the person how to invite the bot when it may not post in the channel, and starts nothing', async () => {
    h.slack.failNext({ method: 'chat.postMessage', error: 'not_in_channel' });
    const { ack } = await refreshProd();
    expect(shown(h.replies(ack.responseUrlId)[0])).toContain(
      'Invite me with `/invite @Polytomic`, then ask again. No refresh was started.',
    );
    expect(refreshPosts()).toHaveLength(0);
    await refreshProd();
    expect(refreshPosts()).toHaveLength(1);
  });

  it('keeps polling through Polytomic 500s and 429s, and still replies once', async () => {
    const { parent } = await refreshProd();
    h.polytomic.failNext({ path: STATUS_PATH, status: 500, times: 3 });
    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    expect((await h.tick()).refreshes).toMatchObject({ retry: 1 });
    h.polytomic.failNext({ path: STATUS_PATH, status: 429, retryAfterSeconds: 0, times: 3 });
    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    expect((await h.tick()).refreshes).toMatchObject({ retry: 1 });
    await finishAndTick();
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
  });

  it('retries the threaded reply after a Slack 429, posting it once', async () => {
    const { parent } = await refreshProd();
    h.slack.failNext({ method: 'chat.postMessage', status: 429, retryAfterSeconds: 1 });
    expect((await finishAndTick()).refreshes).toMatchObject({ retry: 1 });
    expect(threadReplies(parent!.ts!)).toHaveLength(0);
    h.clock.advance(DEFAULT_TIMING.refreshFinishLeaseMs);
    await h.tick();
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
    expect(h.slack.messages.filter((m) => m.via === 'chat.update' && m.ts === parent!.ts)).toHaveLength(1);
  });

  it('does not post the reply twice when Slack fails between the reply and the parent update', async () => {
    const { parent } = await refreshProd();
    h.slack.failNext({ method: 'chat.update', status: 500, times: 3 });
    await finishAndTick();
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
    h.clock.advance(DEFAULT_TIMING.refreshFinishLeaseMs);
    await h.tick();
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
    expect(h.slack.messages.filter((m) => m.via === 'chat.update' && m.ts === parent!.ts)).toHaveLength(1);
  });

  it('replies once when two poll runs overlap', async () => {
    const { parent } = await refreshProd();
    h.clock.advance(REFRESH_MS);
    const results = await Promise.all([h.tick(), h.tick(), h.tick()]);
    expect(results.reduce((n, r) => n + r.refreshes.finished, 0)).toBe(1);
    expect(threadReplies(parent!.ts!)).toHaveLength(1);
  });

  it('replies with the error when the connection turns unhealthy meanwhile', async () => {
    const { parent } = await refreshProd();
    h.polytomic.setConnectionHealth(PROD, 'unhealthy', 'SSL connection has been closed unexpectedly');
    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    await h.tick();
    const replies = threadReplies(parent!.ts!);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(
      'became unhealthy while its schema was refreshing: SSL connection has been closed unexpectedly',
    );
  });

  it('replies that Polytomic reported a failed refresh', async () => {
    h.polytomic.failRefresh(PROD, 'error');
    const { parent } = await refreshProd();
    await finishAndTick();
    expect(threadReplies(parent!.ts!)[0]!.text).toContain('Polytomic reported that the refresh of');
  });

  it('takes back a reply that landed at top level because the parent was deleted, and posts nothing else', async () => {
    const { parent } = await refreshProd();
    h.slack.deleteByUser('C0DATA', parent!.ts!);
    await finishAndTick();
    expect(h.posted()).toHaveLength(0);
    expect(h.slack.deleted).toHaveLength(1);
    expect(await h.worker.refreshes.refreshes.get(PROD)).toMatchObject({ status: 'done', parentGone: true });
    h.clock.advance(60_000);
    await h.tick();
    expect(h.posted()).toHaveLength(0);
  });
});

describe('a refresh that never turns fresh', () => {
  it('replies that it gave up watching, with the last status seen', async () => {
    await start({ polytomic: { refreshDurationMs: 2 * 60 * 60_000 } });
    const { parent } = await refreshProd();
    h.clock.advance(5_000);
    await h.tick();
    h.clock.advance(REFRESH_POLICY.timeoutMs);
    await h.tick();
    const replies = threadReplies(parent!.ts!);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(
      'is still not fresh after 30m 5s, so I stopped watching. The last status Polytomic reported was `refreshing`',
    );
  });
});

describe('a refresh whose status Polytomic stops serving', () => {
  it('still ends at the deadline, saying the status could not be read', async () => {
    await start({ polytomic: { refreshDurationMs: 2 * 60 * 60_000 } });
    const { parent } = await refreshProd();
    h.polytomic.failNext({ path: STATUS_PATH, status: 401, times: 1_000 });
    for (let i = 0; i < 3; i++) {
      h.clock.advance(REFRESH_POLICY.timeoutMs / 2);
      await h.tick();
    }
    const replies = threadReplies(parent!.ts!);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('so I stopped watching')]);
    expect(replies[0]!.text).toContain(
      'Its status could not be read lately: Polytomic rejected the API key this bot uses.',
    );
    expect(await h.worker.refreshes.refreshes.get(PROD)).toMatchObject({ status: 'done', outcome: 'timed_out' });
  });

  it('does not blame an error that passed: a status read at the deadline ends the watch as a plain timeout', async () => {
    await start({ polytomic: { refreshDurationMs: 2 * 60 * 60_000 } });
    const { parent } = await refreshProd();
    h.polytomic.failNext({ path: STATUS_PATH, status: 500, times: 3 });
    h.clock.advance(REFRESH_POLICY.timeoutMs - 1_000);
    await h.tick();
    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs);
    await h.tick();
    const [reply] = threadReplies(parent!.ts!);
    expect(reply?.text).toContain('so I stopped watching');
    expect(reply?.text).not.toContain('could not be read');
  });
});

describe('a refresh job that is retried', () => {
  it('answers again, with the result once there is one, and never starts a second refresh or thread', async () => {
    await start({ polytomic: { refreshDurationMs: REFRESH_MS } });
    // The answers to the person are lost twice; the job is retried after Polytomic has its request, and
    // its last attempt comes after the refresh is over.
    h.slack.failNext({ method: 'response_url', status: 500, times: 2 });
    const { ack } = await refreshProd();
    expect(h.replies(ack.responseUrlId)).toEqual([]);
    await finishAndTick();
    await h.settleWithRetries();
    expect(shown(h.replies(ack.responseUrlId)[0])).toContain(`The schema of *${PROD_NAME}* (PostgreSQL) is fresh.`);
    expect(refreshPosts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    expect(threadReplies(topLevel()[0]!.ts!)).toHaveLength(1);
    h.clock.advance(REFRESH_POLICY.timeoutMs * 2);
    await h.tick();
    expect(h.posted()).toHaveLength(2);
  });

  it('frees the connection at once when an error no retry cures stops it before it starts', async () => {
    await start();
    h.polytomic.failNext({ path: STATUS_PATH, status: 403 });
    const first = await h.command(`refresh ${PROD_NAME}`);
    await h.settle();
    expect(shown(h.replies(first.responseUrlId)[0])).toContain(
      "The bot's Polytomic API key is not allowed to do this.",
    );
    const { ack } = await refreshProd('U0BOB');
    expect(shown(h.replies(ack.responseUrlId)[0])).toContain('Polytomic is refreshing the schema of');
    expect(refreshPosts()).toHaveLength(1);
  });
});

describe('the Refresh schema button', () => {
  beforeEach(() => start());

  it('starts a refresh through the same path as the command, leaving the card in place', async () => {
    const press = await h.press('refresh_schema', PROD);
    expect(press.status).toBe(200);
    await h.settle();
    expect(refreshPosts()).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);
    expect(h.replies(press.responseUrlId)[0]).toMatchObject({ replaceOriginal: false });
  });

  it('answers a forged or stale value clearly and does nothing', async () => {
    const press = await h.press('refresh_schema', 'not-a-connection-id');
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain('That button is out of date or not one of mine');
    expect(h.polytomic.calls).toHaveLength(0);
  });

  it('answers a well-formed id that Polytomic does not know', async () => {
    const press = await h.press('refresh_schema', '00000000-0000-4000-8000-000000000000');
    await h.settle();
    expect(shown(h.replies(press.responseUrlId)[0])).toContain("I couldn't find a connection called");
  });
});

describe('/polytomic connection', () => {
  beforeEach(() => start());

  it('lists every connection, unhealthy first', async () => {
    const ack = await h.command('connection');
    await h.settle();
    const reply = h.replies(ack.responseUrlId)[0];
    expect(reply?.text).toMatch(/^Polytomic connections: 6 connections · 1 unhealthy/);
    const rows = shown(reply);
    expect(rows.indexOf('Staging Postgres')).toBeLessThan(rows.indexOf('Snowflake Warehouse'));
  });

  it("shows one connection's health, usage, schema cache, model sync source and a refresh button", async () => {
    const ack = await h.command('connection production postgres (READ replica)');
    await h.settle();
    const card = shown(h.replies(ack.responseUrlId)[0]);
    expect(card).toContain(':large_green_circle: healthy');
    expect(card).toContain('API calls, last 24 h');
    expect(card).toContain('*Schema cache*\\n`cached`');
    expect(card).toContain('Requires one of: `query` or `table` or `view`');
    expect(card).toContain(`"action_id":"refresh_schema","value":"${PROD}"`);
  });
});
