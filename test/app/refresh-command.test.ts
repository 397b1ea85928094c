import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_POLICY } from '../../src/lib/core/refresh.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const PROD = SIMULATOR_IDS.connections.productionPostgres;
const PROD_NAME = 'Production Postgres (read replica)';
const REFRESH_MS = 20_000;
const STATUS_PATH = new RegExp(`/api/connections/${PROD}/schemas/status`);

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ polytomic: { refreshDurationMs: REFRESH_MS }, ...options });
}
afterEach(async () => h.close());

/** A Slack date token as a pattern: its time comes from the clock the test started at. */
const DATE = '<!date\\^\\d+\\^\\{date_short_pretty\\} at \\{time\\}\\|[^>]+>';
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
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      `:white_check_mark: Polytomic is refreshing the schema of *${PROD_NAME}* (PostgreSQL). I'll reply in the thread of <https://local.slack.test/archives/C0DATA/p${parent!.ts!.replace('.', '')}|this message> when it is done.`,
    ]);

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
    expect(await h.worker.refreshStore.hasActive()).toBe(false);
    expect(await h.worker.refreshStore.get(PROD)).toMatchObject({
      status: 'done',
      outcome: 'fresh',
      replyTs: replies[0]!.ts,
    });
  });

  it('answers an unknown name with close names and starts nothing', async () => {
    const ack = await h.command('refresh postgres');
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      "I couldn't find a connection called *postgres*. Did you mean:",
      '• `/polytomic refresh Production Postgres (read replica)` (PostgreSQL connection)',
      '• `/polytomic refresh Staging Postgres` (PostgreSQL connection)',
    ]);
    expect(refreshPosts()).toHaveLength(0);
    expect(h.posted()).toHaveLength(0);
  });

  it('asks which connection when none is named', async () => {
    const ack = await h.command('refresh');
    expect(visibleLines(ack.body as never)).toEqual([
      'Which connection should I refresh? Type `/polytomic refresh <connection>`; `/polytomic connection` lists them all.',
    ]);
  });

  it('refuses an unhealthy connection with its status and error, and starts nothing', async () => {
    const ack = await h.command('refresh Staging Postgres');
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      ':red_circle: *Staging Postgres* is `unhealthy`, and Polytomic refreshes only healthy connections. Fix the connection in Polytomic first.',
      '> failed to connect to `ˋhost=staging-db.internal.northwind.io` user=polytomic database=appˋ: failed SASL auth (FATAL: password authentication failed for user "polytomic" (SQLSTATE 28P01))',
    ]);
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
    const answers = [first, second].map((ack) => visibleLines(h.replies(ack.responseUrlId)[0]));
    const accepted = answers.filter(([line]) =>
      line?.startsWith(':white_check_mark: Polytomic is refreshing the schema'),
    );
    expect(accepted).toEqual([
      [
        `:white_check_mark: Polytomic is refreshing the schema of *${PROD_NAME}* (PostgreSQL). I'll reply in the thread of <https://local.slack.test/archives/C0DATA/p${topLevel()[0]!.ts!.replace('.', '')}|this message> when it is done.`,
      ],
    ]);
    // The other is told of the refresh the first started: still starting, or already under way.
    const other = answers.find((answer) => answer !== accepted[0]);
    expect(other).toEqual([
      expect.stringMatching(
        /^:arrows_counterclockwise: (<@U0(ALICE|BOB)> is starting a refresh of \*Production Postgres \(read replica\)\* \(PostgreSQL\) right now; its result will appear in a thread in <#C0DATA>\.|A refresh of \*Production Postgres \(read replica\)\* \(PostgreSQL\) is already under way, asked by <@U0(ALICE|BOB)> .*)$/,
      ),
    ]);
  });

  it('points a later request to the thread of the refresh under way, and allows a new one once it is done', async () => {
    const { parent } = await refreshProd('U0ALICE');
    const again = await h.command(`refresh ${PROD_NAME}`, { userId: 'U0BOB' });
    await h.settle();
    expect(visibleLines(h.replies(again.responseUrlId)[0])).toEqual([
      expect.stringMatching(
        new RegExp(
          `^:arrows_counterclockwise: A refresh of \\*Production Postgres \\(read replica\\)\\* \\(PostgreSQL\\) is already under way, asked by <@U0ALICE> ${DATE}\\. The result will appear in <[^|>]+/archives/C0DATA/p${parent!.ts!.replace('.', '')}\\|this thread>\\.$`,
        ),
      ),
    ]);
    await finishAndTick();
    await refreshProd('U0BOB');
    expect(refreshPosts()).toHaveLength(2);
    expect(topLevel()).toHaveLength(2);
  });

  it('tells the person how to invite the bot when it may not post in the channel, and starts nothing', async () => {
    h.slack.failNext({ method: 'chat.postMessage', error: 'not_in_channel' });
    const { ack } = await refreshProd();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      ":warning: I can't post in <#C0DATA>: it is probably a private channel I have not been invited to. Invite me with `/invite @Polytomic`, then ask again. No refresh was started.",
    ]);
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
    expect(await h.worker.refreshStore.get(PROD)).toMatchObject({ status: 'done', parentGone: true });
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
    expect(await h.worker.refreshStore.get(PROD)).toMatchObject({ status: 'done', outcome: 'timed_out' });
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
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      `:white_check_mark: The schema of *${PROD_NAME}* (PostgreSQL) is fresh. Polytomic took 20s.`,
    ]);
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
    expect(visibleLines(h.replies(first.responseUrlId)[0])).toEqual([
      ":warning: I couldn't start the refresh. The bot's Polytomic API key is not allowed to do this. Polytomic said: “forbidden”",
    ]);
    const { ack } = await refreshProd('U0BOB');
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      expect.stringMatching(
        /^:white_check_mark: Polytomic is refreshing the schema of \*Production Postgres \(read replica\)\* \(PostgreSQL\)\. /,
      ),
    ]);
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
    expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
      ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
    ]);
    expect(h.polytomic.calls).toHaveLength(0);
  });

  it('answers a well-formed id that Polytomic does not know', async () => {
    const press = await h.press('refresh_schema', '00000000-0000-4000-8000-000000000000');
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
      "I couldn't find a connection called *00000000-0000-4000-8000-000000000000*.",
      'Use `/polytomic connection` to see every connection.',
    ]);
  });
});

describe('/polytomic connection', () => {
  // At a fixed moment, so the simulated usage figures are known.
  beforeEach(() => start({ clock: createTestClock(Date.parse('2026-01-14T10:14:00Z')) }));

  it('lists every connection, unhealthy first', async () => {
    const ack = await h.command('connection');
    await h.settle();
    const reply = h.replies(ack.responseUrlId)[0];
    expect(reply?.text).toMatch(/^Polytomic connections: 6 connections · 1 unhealthy/);
    expect(visibleLines(reply)).toEqual([
      'Polytomic connections',
      '*6 connections* · 1 unhealthy',
      ':red_circle: unhealthy · *Staging Postgres* · PostgreSQL: failed to connect to `ˋhost=staging-db.internal.northwind.io` user=polytomic database=appˋ: failed SASL auth (FATAL: pass…',
      ':large_green_circle: healthy · *BigQuery Analytics* · BigQuery',
      ':large_green_circle: healthy · *HubSpot* · HubSpot',
      ':large_green_circle: healthy · *Production Postgres (read replica)* · PostgreSQL',
      ':large_green_circle: healthy · *Salesforce* · Salesforce',
      ':large_green_circle: healthy · *Snowflake Warehouse* · Snowflake',
      '`/polytomic connection <name>` shows one; `/polytomic refresh <name>` refreshes its schema.',
    ]);
  });

  it("shows one connection's health, usage, schema cache, model sync source and a refresh button", async () => {
    const ack = await h.command('connection production postgres (READ replica)');
    await h.settle();
    const card = h.replies(ack.responseUrlId)[0];
    const lines = visibleLines(card);
    expect(lines.slice(0, 9)).toEqual([
      PROD_NAME,
      '*Type*',
      'PostgreSQL',
      '*Health*',
      ':large_green_circle: healthy',
      '*API calls, last 24 h*',
      '2,681',
      '*Schema cache*',
      '`cached`',
    ]);
    expect(lines.slice(-5)).toEqual([
      '*As a model sync source*',
      'Configuration keys: none',
      'Requires one of: `query` or `table` or `view`',
      '[Refresh schema]',
      `Connection \`${PROD}\``,
    ]);
    expect(buttonsOf(card)).toEqual([expect.objectContaining({ actionId: 'refresh_schema', value: PROD })]);
  });
});
