import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { BOT_TOKEN, POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../support/slack-requests.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

describe('/polytomic help and unknown subcommands', () => {
  it('answers `/polytomic` alone with the usage, ephemeral, without recording work', async () => {
    const ack = await h.command('');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleLines(ack.body as never)).toContain(
      "`/polytomic status <sync>`: a sync's current and last run, record counts, errors and next run",
    );
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(0);
    expect(h.slack.messages).toHaveLength(0);
  });

  it('answers a mistyped subcommand with the usage and the likely one', async () => {
    const ack = await h.command('stauts orders');
    expect(visibleLines(ack.body as never)).toContain("I don't know `stauts`. Did you mean `/polytomic status`?");
  });
});

describe('/polytomic status <sync>', () => {
  // At a fixed moment, so the simulated runs, their counts and errors, and which syncs are running are known.
  beforeEach(async () => {
    await h.close();
    h = await startHarness({ clock: createTestClock(Date.parse('2026-01-14T10:14:00Z')) });
  });

  it('acknowledges at once, then replaces the acknowledgement with the sync card', async () => {
    const ack = await h.command('status Orders to Snowflake');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      response_type: 'ephemeral',
      text: ':hourglass_flowing_sand: Looking up *Orders to Snowflake*…',
    });
    await h.settle();
    const replies = h.replies(ack.responseUrlId);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ responseType: 'ephemeral', replaceOriginal: true });
    expect(visibleLines(replies[0])).toEqual([
      'Orders to Snowflake',
      '*Kind*',
      'Model sync',
      '*State*',
      ':large_green_circle: completed <!date^1768385160^{date_short_pretty} at {time}|2026-01-14 10:06:00 UTC>',
      '*Schedule*',
      'hourly at :00',
      '*Next run*',
      '<!date^1768388400^{date_short_pretty} at {time}|2026-01-14 11:00:00 UTC>',
      '*Last run* :large_green_circle: completed <!date^1768385160^{date_short_pretty} at {time}|2026-01-14 10:06:00 UTC> (took 5m 58s)',
      '16,764 records · 2,514 inserted · 14,250 updated',
      `Recent runs, newest first: ${Array(10).fill(':large_green_circle: 5m 58s').join(' · ')}`,
      '[Update]',
      '[Start sync]',
      '[Pause]',
      '[Open in Polytomic]',
      '[Share in channel]',
      `Model sync \`${SIMULATOR_IDS.syncs.ordersToSnowflake}\` · as of <!date^1768385640^{time}|2026-01-14 10:14:00 UTC>`,
    ]);
    expect(buttonsOf(replies[0]).find((b) => b.label === 'Open in Polytomic')?.url).toBe(
      `${h.polytomicOrigin}/syncs/${SIMULATOR_IDS.syncs.ordersToSnowflake}`,
    );
  });

  it('finds a sync by its name in any case, and by its id', async () => {
    const byName = await h.command('status orders TO snowflake');
    const byId = await h.command(`status ${SIMULATOR_IDS.syncs.ordersToSnowflake}`);
    await h.settle();
    for (const ack of [byName, byId])
      expect(visibleLines(h.replies(ack.responseUrlId)[0])[0]).toBe('Orders to Snowflake');
  });

  it('shows a bulk sync with its record counts', async () => {
    const ack = await h.command('status Postgres → Snowflake (prod replica)');
    await h.settle();
    const card = visibleLines(h.replies(ack.responseUrlId)[0]);
    expect(card.slice(0, 3)).toEqual(['Postgres → Snowflake (prod replica)', '*Kind*', 'Bulk sync']);
    expect(card.slice(9, 11)).toEqual([
      '*Last run* :large_green_circle: completed <!date^1768385160^{date_short_pretty} at {time}|2026-01-14 10:06:00 UTC> (took 5m 58s)',
      '38,704 records',
    ]);
  });

  it("shows a failing sync's errors", async () => {
    const ack = await h.command('status Churn Risk Scores → Salesforce');
    await h.settle();
    const card = visibleLines(h.replies(ack.responseUrlId)[0]);
    expect(card[0]).toBe('Churn Risk Scores → Salesforce');
    expect(card[4]).toMatch(/^:red_circle: failed <!date\^/);
    expect(card.slice(card.indexOf('*Errors*'), card.indexOf('*Errors*') + 2)).toEqual([
      '*Errors*',
      '> Salesforce API error: REQUESTˍLIMITˍEXCEEDED: TotalRequests Limit exceeded.',
    ]);
  });

  it("shows a sync's last 10 runs, newest first, failures among them, each with how long it took", async () => {
    const ack = await h.command('status Account Health → Salesforce');
    await h.settle();
    const card = visibleLines(h.replies(ack.responseUrlId)[0]);
    const [ok, failed] = [':large_green_circle: 1m 58s', ':red_circle: 1m 58s'];
    expect(card.filter((line) => line.startsWith('Recent runs'))).toEqual([
      `Recent runs, newest first: ${[ok, ok, failed, failed, ok, ok, ok, ok, failed, failed].join(' · ')}`,
    ]);
    // The strip sits between the last run and the buttons.
    expect(card[card.indexOf('[Update]') - 1]).toMatch(/^Recent runs, newest first: /);
  });

  it('shows the card without the strip, and logs why, when Polytomic will not list the runs', async () => {
    const executions = new RegExp(`/api/syncs/${SIMULATOR_IDS.syncs.accountHealthToSalesforce}/executions`);
    h.polytomic.failNext({ path: executions, status: 500, times: 100 });
    const ack = await h.command('status Account Health → Salesforce');
    await h.settle();
    const replies = h.replies(ack.responseUrlId);
    expect(replies).toHaveLength(1);
    const card = visibleLines(replies[0]);
    expect(card.slice(0, 3)).toEqual(['Account Health → Salesforce', '*Kind*', 'Model sync']);
    expect(card[9]).toMatch(/^\*Last run\* :large_green_circle: completed <!date\^.*> \(took 1m 58s\)$/);
    expect(card.slice(-6, -1)).toEqual([
      '[Update]',
      '[Start sync]',
      '[Pause]',
      '[Open in Polytomic]',
      '[Share in channel]',
    ]);
    expect(card.some((line) => line.startsWith('Recent runs'))).toBe(false);
    expect(h.polytomic.calls.filter((c) => executions.test(c.path)).length).toBeGreaterThan(0);
    expect(h.log.lines.filter((l) => l.message === 'recent runs unavailable')).toEqual([
      expect.objectContaining({
        level: 'WARN',
        syncId: SIMULATOR_IDS.syncs.accountHealthToSalesforce,
        code: 'polytomic_unavailable',
      }),
    ]);
  });

  it('shows the card of the only sync with a close name, saying it is not an exact match', async () => {
    const ack = await h.command('status churn');
    await h.settle();
    const lines = visibleLines(h.replies(ack.responseUrlId)[0]);
    expect(lines[0]).toBe('Churn Risk Scores → Salesforce');
    expect(lines).toContain('No sync is called “churn”; this is the only one with a close name.');
  });

  it('answers a command too long to read with a sentence, not an HTTP error', async () => {
    const ack = await h.command(`status ${'x'.repeat(4_200)}`);
    expect(ack.status).toBe(200);
    expect(visibleLines(ack.body as { text: string })).toEqual([
      ':warning: That command is 4,207 characters long; I read at most 4,000. Nothing was done: shorten it and try again.',
    ]);
    await h.settle();
    expect(h.replies(ack.responseUrlId)).toEqual([]);
  });

  it('answers `webhook` followed by a word it does not know with the usage, doing nothing', async () => {
    const ack = await h.command('webhook foo');
    expect(visibleLines(ack.body as { text: string })).toEqual([
      ":warning: I don't know `webhook foo`. `/polytomic webhook` shows where Polytomic sends its events; `/polytomic webhook setup` points them at this bot.",
    ]);
    await h.settle();
    expect(h.polytomic.calls).toEqual([]);
  });

  it('offers close names when nothing matches exactly', async () => {
    const ack = await h.command('status orders');
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      "I couldn't find a sync called *orders*. Did you mean:",
      '• `/polytomic status Orders to Snowflake` (model sync)',
      '• `/polytomic status Orders to Snowflake (backfill)` (model sync)',
    ]);
  });

  it('reads every page of model syncs and the bulk syncs for the overview, failing first', async () => {
    const ack = await h.command('status');
    await h.settle();
    const reply = h.replies(ack.responseUrlId)[0];
    const total = h.polytomic.syncs.length + h.polytomic.bulkSyncs.length;
    expect(reply?.text).toMatch(new RegExp(`^Polytomic syncs: ${total} syncs · 2 failing`));
    const rows = visibleLines(reply);
    expect(rows.slice(0, 2)).toEqual([
      'Polytomic syncs',
      `*${total} syncs* · 2 failing · 1 with warnings · 1 running · 10 healthy · 1 paused`,
    ]);
    // Failing first, then warnings, running, healthy and paused, each group by name.
    expect(rows.slice(2, -1).map((row) => row.replace(/ <!date\^.*>$/, ''))).toEqual([
      ':red_circle: *Churn Risk Scores → Salesforce* · model · failed',
      ':red_circle: *Staging Postgres → BigQuery* · bulk · failed',
      ':large_yellow_circle: *Salesforce Contacts → HubSpot* · model · completed with warnings',
      ':arrows_counterclockwise: *Product Usage → HubSpot Companies* · model · running since',
      ':large_green_circle: *Account Health → Salesforce* · model · completed',
      ':large_green_circle: *HubSpot to BigQuery* · bulk · completed',
      ':large_green_circle: *Open Opportunities → BigQuery* · model · completed',
      ':large_green_circle: *Orders to Snowflake* · model · completed',
      ':large_green_circle: *Orders to Snowflake (backfill)* · model · completed',
      ':large_green_circle: *Postgres → Snowflake (prod replica)* · bulk · completed',
      ':large_green_circle: *Salesforce → Snowflake* · bulk · completed',
      ':large_green_circle: *Snowflake Accounts to Salesforce* · model · completed',
      ':large_green_circle: *Support Tickets → Salesforce Cases* · model · completed',
      ':large_green_circle: *Webinar Attendees → HubSpot* · model · completed',
      ':double_vertical_bar: *Lead Scores → Salesforce Leads* · model · paused',
    ]);
    expect(rows.at(-1)).toBe('Use `/polytomic status <sync>` for details of one sync.');
  });
});

describe('requests that are not what they claim', () => {
  const send = (body: string, headers: Record<string, string>) =>
    h.app.request('/slack/events', { method: 'POST', headers, body });
  const body = () => commandBody({ text: 'status', responseUrl: h.slack.responseUrl(h.slackOrigin, 'x') });

  it('refuses a tampered body, a stale timestamp, another secret and missing headers with a bare 401', async () => {
    const good = body();
    const tampered = await send(good.replace('status', 'statur'), signedHeaders(good, h.clock.now()));
    const stale = await send(good, signedHeaders(good, h.clock.now() - 6 * 60_000));
    const otherSecret = await send(good, signedHeaders(good, h.clock.now(), 'not-the-secret'));
    const unsigned = await send(good, { 'content-type': 'application/x-www-form-urlencoded' });
    for (const response of [tampered, stale, otherSecret, unsigned]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_signature' });
    }
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(0);
    expect(await h.jobs.listDue(h.clock.now() + 1e9, 10)).toEqual([]);
  });

  it("answers Slack's unsigned ssl_check with 200", async () => {
    const response = await send('ssl_check=1&token=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(200);
  });

  it('refuses a signed body that is not a slash command with 400', async () => {
    const bad = 'command=%2Fpolytomic&text=status';
    const response = await send(bad, signedHeaders(bad, h.clock.now()));
    expect(response.status).toBe(400);
  });

  it('records a replayed request once', async () => {
    const once = commandBody({
      text: 'status',
      triggerId: 'same-trigger',
      responseUrl: h.slack.responseUrl(h.slackOrigin, 'r'),
    });
    await send(once, signedHeaders(once, h.clock.now()));
    await send(once, signedHeaders(once, h.clock.now()));
    await h.settle();
    expect(h.replies('r')).toHaveLength(1);
  });

  it('answers 404 to other paths and 200 to the health check', async () => {
    expect((await h.app.request('/nope')).status).toBe(404);
    expect(await (await h.app.request('/healthz')).json()).toEqual({ ok: true });
  });
});

describe('when Polytomic fails', () => {
  const STATUS_PATH = new RegExp(`/api/syncs/${SIMULATOR_IDS.syncs.ordersToSnowflake}/status`);

  it('says the API key was rejected (401), at once and without retrying', async () => {
    await h.close();
    h = await startHarness({ botPolytomicKey: 'wrong-key' });
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    const replies = h.replies(ack.responseUrlId);
    expect(replies).toHaveLength(1);
    expect(visibleLines(replies[0])).toEqual([
      ":warning: I couldn't look up that sync. Polytomic rejected the API key this bot uses. Ask whoever deployed the bot to check its Polytomic API key.",
    ]);
  });

  it('says the sync is gone when its status answers 404', async () => {
    h.polytomic.failNext({ path: STATUS_PATH, status: 404, body: { status: 404, message: 'sync not found' } });
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      ":warning: I couldn't look up that sync. Polytomic could not find it any more; it may have been deleted. Polytomic said: “sync not found”",
    ]);
  });

  it('says Polytomic sent something unreadable when the JSON is malformed', async () => {
    h.polytomic.failNext({ path: STATUS_PATH, status: 200, malformed: true });
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    expect(visibleLines(h.replies(ack.responseUrlId)[0])).toEqual([
      ":warning: I couldn't look up that sync. Polytomic sent an answer the bot could not read. This has been logged for the team that runs the bot.",
    ]);
  });

  it.each([
    {
      name: '500',
      fault: { status: 500 },
      trouble: 'Polytomic answered with an error',
      says: 'Polytomic is having trouble right now',
    },
    {
      name: '429',
      fault: { status: 429, retryAfterSeconds: 0 },
      trouble: 'Polytomic asked the bot to slow down',
      says: 'Polytomic is limiting how fast the bot may ask',
    },
  ])(
    'retries a lasting $name, saying at once what happened and when it tries again, then answers once',
    async ({ fault, trouble, says }) => {
      h.polytomic.failNext({ path: STATUS_PATH, ...fault, times: 100 });
      const ack = await h.command('status Orders to Snowflake');
      await h.settle();
      // Word within the first attempt, in place of the ⏳; not after the whole ~40 s of retries.
      expect(h.replies(ack.responseUrlId).map((r) => [r.text, r.replaceOriginal])).toEqual([
        [
          `:hourglass_flowing_sand: I couldn't look up that sync yet: ${trouble}. I'll try again in 5 s and answer here.`,
          true,
        ],
      ]);
      await h.settleWithRetries();
      const replies = h.replies(ack.responseUrlId);
      expect(replies.map((r) => r.text)).toEqual([
        expect.stringContaining('try again in 5 s'),
        expect.stringContaining('try again in 30 s'),
        expect.stringContaining(says),
      ]);
      // Three job attempts, each a GET with two retries of its own.
      expect(h.polytomic.calls.filter((c) => STATUS_PATH.test(c.path))).toHaveLength(9);
    },
  );

  it('says Polytomic did not answer in time when it hangs', async () => {
    await h.close();
    h = await startHarness({ polytomicTimeoutMs: 200 });
    h.polytomic.failNext({ path: STATUS_PATH, status: 200, hang: true, times: 100 });
    const ack = await h.command('status Orders to Snowflake');
    await h.settleWithRetries();
    expect(h.replies(ack.responseUrlId).map((r) => r.text)).toEqual([
      expect.stringContaining("Polytomic did not answer in time. I'll try again in 5 s"),
      expect.stringContaining("Polytomic did not answer in time. I'll try again in 30 s"),
      expect.stringContaining('Polytomic did not answer in time. Please try again in a few minutes.'),
    ]);
  });

  it('retries a job that failed once and answers exactly once, the answer replacing the word in the meantime', async () => {
    // Three failures use up the first attempt's GET and its two retries; the job's second attempt succeeds.
    h.polytomic.failNext({ path: STATUS_PATH, status: 503, times: 3 });
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    expect(h.replies(ack.responseUrlId).map((r) => r.text)).toEqual([
      expect.stringContaining("I couldn't look up that sync yet"),
    ]);
    const job = (await h.jobs.listDue(h.clock.now() + 60_000, 10))[0]!;
    expect(await h.jobs.get(job)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'retry_later' });
    await h.settleWithRetries();
    const replies = h.replies(ack.responseUrlId);
    expect(replies).toHaveLength(2);
    expect(replies[1]!.replaceOriginal).toBe(true);
    expect(visibleLines(replies[1])[0]).toBe('Orders to Snowflake');
    expect(await h.jobs.get(job)).toMatchObject({ status: 'done', attempts: 2, outcome: 'answered' });
  });

  it('posts the answer again later when the response_url post itself failed', async () => {
    h.slack.failNext({ method: 'response_url', status: 500 });
    const ack = await h.command('status Orders to Snowflake');
    await h.settleWithRetries();
    expect(h.replies(ack.responseUrlId)).toHaveLength(1);
  });
});

describe('the acknowledgement never waits on Polytomic', () => {
  it("answers while each Polytomic call takes longer than Slack's 3 seconds, and the card follows", {
    timeout: 30_000,
  }, async () => {
    h.polytomic.setLatency(4_000);
    const ack = await h.command('status Orders to Snowflake');
    expect(ack.status).toBe(200);
    expect(h.replies(ack.responseUrlId)).toHaveLength(0);
    expect(h.polytomic.calls.every((c) => c.status === 0)).toBe(true);
    await h.settle();
    // Past the still-waiting notice (6 s): the person heard the bot was still trying, then the card replaced that.
    const replies = h.replies(ack.responseUrlId);
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringContaining('Still trying to look up that sync'),
      expect.stringContaining('Orders to Snowflake (model sync)'),
    ]);
    expect(visibleLines(replies[1])[0]).toBe('Orders to Snowflake');
  });
});

describe('logs', () => {
  it('carry the job and Slack ids on every job line, and never a secret', async () => {
    const ack = await h.command('status Orders to Snowflake', { userId: 'U0BOB', channelId: 'C0OPS' });
    await h.settle();
    expect(h.replies(ack.responseUrlId)).toHaveLength(1);
    const jobLines = h.log.lines.filter((line) => line.message.startsWith('job '));
    expect(jobLines.length).toBeGreaterThan(0);
    for (const line of jobLines)
      expect(line).toMatchObject({ jobId: expect.any(String), userId: 'U0BOB', channelId: 'C0OPS' });
    const everything = JSON.stringify(h.log.lines);
    for (const secret of [SIGNING_SECRET, BOT_TOKEN, POLYTOMIC_KEY]) expect(everything).not.toContain(secret);
  });
});
