import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { INCIDENT_ACTIONS } from '../../src/lib/core/buttons.js';
import type { DigestSubscription } from '../../src/lib/core/digest.js';
import { slackDate } from '../../src/lib/core/mrkdwn.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

// Monday 2026-11-23, 07:00 UTC (08:00 in Paris).
const MONDAY_MORNING = Date.parse('2026-11-23T07:00:00Z');
const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(MONDAY_MORNING), ...options });
}
afterEach(async () => h.close());

async function digest(text: string, fields: { userId?: string; channelId?: string } = {}) {
  const ack = await h.command(`digest ${text}`.trim(), fields);
  await h.settle();
  return h.replies(ack.responseUrlId)[0];
}
const subscriptions = (channel = 'C0DATA') => h.worker.digestStore.listForChannel(channel);
const topLevel = (channel = 'C0DATA') => h.posted(channel).filter((m) => !m.threadTs);

describe('/polytomic digest: subscribing', () => {
  it('subscribes the channel daily at 09:00 Paris time and announces it in the channel', async () => {
    await start();
    const reply = await digest('daily 09:00 Europe/Paris');
    expect(reply).toMatchObject({ responseType: 'in_channel' });
    expect(reply?.text).toContain(
      '<@U0ALICE> set up a Polytomic digest here, daily at 09:00 (Europe/Paris), for every sync.',
    );
    const [sub] = await subscriptions();
    expect(sub).toMatchObject({
      createdBy: 'U0ALICE',
      schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'Europe/Paris' },
      scope: { kind: 'all' },
    });
    expect(new Date(sub!.nextRunAt).toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it("uses the person's Slack time zone when none is given, and says so", async () => {
    await start();
    const reply = await digest('weekdays 08:30');
    expect(reply?.text).toContain("(Europe/Paris is <@U0ALICE>'s Slack time zone)");
    expect((await subscriptions())[0]?.schedule).toMatchObject({ every: 'weekdays', timeZone: 'Europe/Paris' });
  });

  it('subscribes weekly in New York and Tokyo, each with its own next run', async () => {
    await start();
    await digest('weekly mon 09:00 America/New_York', { channelId: 'C0NY' });
    await digest('weekly fri 18:00 Asia/Tokyo', { channelId: 'C0TK' });
    expect(new Date((await subscriptions('C0NY'))[0]!.nextRunAt).toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(new Date((await subscriptions('C0TK'))[0]!.nextRunAt).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });

  it('limits a digest to named syncs, resolved by name', async () => {
    await start();
    await digest('daily 09:00 UTC for orders to snowflake, Churn Risk Scores → Salesforce');
    expect((await subscriptions())[0]?.scope).toEqual({
      kind: 'syncs',
      syncs: [
        { id: ORDERS, kind: 'model', name: 'Orders to Snowflake' },
        { id: SIMULATOR_IDS.syncs.churnScoresToSalesforce, kind: 'model', name: 'Churn Risk Scores → Salesforce' },
      ],
    });
  });

  it.each([
    ['daily 9am', ':warning: Give the time as HH:MM on a 24-hour clock, e.g. `09:00` or `17:30`.'],
    [
      'daily 09:00 Mars/Olympus',
      ':warning: `Mars/Olympus` is not a time zone I know: use a name like `Europe/Paris`, `America/New_York` or `UTC`. No digest was set up.',
    ],
    ['hourly 09:00', ":warning: I don't know the schedule `hourly`: use `daily`, `weekdays` or `weekly <day>`."],
    ['weekly 09:00', ':warning: Say which day for a weekly digest, e.g. `weekly mon 09:00`.'],
    [
      'daily 09:00 UTC for no such sync',
      ":warning: I couldn't pick the sync *no such sync*: no sync is called that. No digest was set up.",
    ],
  ])('answers `digest %s` with what is wrong, and sets up nothing', async (text, says) => {
    await start();
    expect(visibleLines(await digest(text))).toEqual([says]);
    expect(await subscriptions()).toEqual([]);
  });

  it('lists the channel’s digests with who created each, and turns one off by its id', async () => {
    await start();
    await digest('daily 09:00 UTC');
    h.clock.advance(1_000);
    await digest('weekly mon 10:00 UTC', { userId: 'U0BOB' });
    const [first, second] = await subscriptions();
    expect(visibleLines(await digest(''))).toEqual([
      '*Digests in <#C0DATA>*',
      `• \`${first!.id}\` daily at 09:00 (UTC) for every sync · created by <@U0ALICE> <!date^1795417200^{date_short}|2026-11-23 07:00:00 UTC> · next <!date^1795424400^{date_short_pretty} at {time}|2026-11-23 09:00:00 UTC>`,
      `• \`${second!.id}\` weekly on Monday at 10:00 (UTC) for every sync · created by <@U0BOB> <!date^1795417201^{date_short}|2026-11-23 07:00:01 UTC> · next <!date^1795428000^{date_short_pretty} at {time}|2026-11-23 10:00:00 UTC>`,
      '`/polytomic digest off <id>` turns one off; `/polytomic digest off` offers a button for each.',
    ]);
    const off = await digest(`off ${first!.id}`);
    expect(off).toMatchObject({
      responseType: 'in_channel',
      text: `:wastebasket: <@U0ALICE> turned off the digest \`${first!.id}\` daily at 09:00 (UTC) for every sync in this channel.`,
    });
    expect((await subscriptions()).map((s) => s.id)).toEqual([second!.id]);
  });

  it('says, in the confirmation, that an only-failing digest is skipped when nothing fails', async () => {
    await start();
    const reply = await digest('daily 09:00 UTC only failing');
    expect(reply?.text).toContain(
      'set up a Polytomic digest here, daily at 09:00 (UTC), for every sync, posted only when at least one is failing (skipped when none is). It first checks',
    );
  });

  it('follows the access policy for changes, but lets anyone list', async () => {
    await start({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [] } });
    expect(visibleLines(await digest('daily 09:00 UTC', { userId: 'U0MALLORY' }))).toEqual([
      ':no_entry: You are not allowed to change digest subscriptions through this bot. Ask the people who run this bot for your workspace to grant you access. Nothing was changed.',
    ]);
    expect(await subscriptions()).toEqual([]);
    expect(visibleLines(await digest('', { userId: 'U0MALLORY' }))).toEqual([
      '<#C0DATA> has no digest. Set one up with `/polytomic digest daily 09:00` (or `weekdays 08:30`, `weekly mon 09:00`), optionally followed by a time zone and `for <sync>, <sync>` or `only failing`.',
    ]);
  });
});

const stored = (fields: Partial<DigestSubscription> = {}): DigestSubscription => ({
  id: 'a1b2c3',
  channelId: 'C0DATA',
  schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' },
  scope: { kind: 'all' },
  createdBy: 'U0CAROL',
  createdAt: MONDAY_MORNING - 86_400_000,
  nextRunAt: Date.parse('2026-11-23T09:00:00Z'),
  version: 0,
  ...fields,
});
const existsText = (sub: DigestSubscription, what: string) =>
  `<#C0DATA> already has that digest (\`${sub.id}\`, created by <@${sub.createdBy}> ${slackDate(new Date(sub.createdAt).toISOString(), '{date_short}')}): ${what}. Nothing was changed; \`/polytomic digest\` lists the channel's digests.`;

describe('/polytomic digest: each digest once', () => {
  it('sets up `digest daily 09:00` once: the same command again is told the channel has it, and by whom', async () => {
    await start();
    expect(await digest('daily 09:00')).toMatchObject({ responseType: 'in_channel' });
    h.clock.advance(60_000);
    const again = await digest('daily 09:00');
    const [sub] = await subscriptions();
    expect(await subscriptions()).toHaveLength(1);
    expect(again).toMatchObject({
      responseType: 'ephemeral',
      text: existsText(sub!, 'daily at 09:00 (Europe/Paris), for every sync'),
    });
  });

  it('treats `weekly mon` and `weekly monday`, a zone in other letters, and syncs in another order as the same digest', async () => {
    await start();
    await digest('weekly mon 09:00 Europe/Paris');
    expect((await digest('weekly monday 09:00 europe/paris', { userId: 'U0BOB' }))?.text).toContain(
      'already has that digest',
    );
    h.clock.advance(1_000);
    await digest('daily 09:00 UTC for orders to snowflake, Churn Risk Scores → Salesforce');
    expect((await digest('daily 09:00 UTC for Churn Risk Scores → Salesforce, Orders to Snowflake'))?.text).toContain(
      'already has that digest',
    );
    expect((await subscriptions()).map((s) => s.schedule)).toEqual([
      { every: 'weekly', weekday: 1, hour: 9, minute: 0, timeZone: 'Europe/Paris' },
      { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' },
    ]);
  });

  it('announces the digest once set up when the job is retried after its answer was lost, rather than calling it a duplicate', async () => {
    await start();
    h.slack.failNext({ method: 'response_url', status: 500 });
    const ack = await h.command('digest daily 09:00 UTC');
    await h.settleWithRetries();
    expect(await subscriptions()).toHaveLength(1);
    expect(h.replies(ack.responseUrlId).map((r) => [r.responseType, r.text])).toEqual([
      [
        'in_channel',
        expect.stringMatching(/^:calendar: <@U0ALICE> set up a Polytomic digest here, daily at 09:00 \(UTC\)/),
      ],
    ]);
  });

  it('creates one digest when two people send the same command at once', async () => {
    await start();
    const sent = await Promise.all([
      h.command('digest daily 09:00 UTC'),
      h.command('digest daily 09:00 UTC', { userId: 'U0BOB' }),
    ]);
    await h.settle();
    expect(await subscriptions()).toHaveLength(1);
    const answers = sent.flatMap((s) => h.replies(s.responseUrlId));
    expect(answers.map((a) => a.responseType).sort()).toEqual(['ephemeral', 'in_channel']);
    expect(answers.find((a) => a.responseType === 'ephemeral')?.text).toMatch(/^<#C0DATA> already has that digest/);
  });

  it('knows a digest stored before ids were derived from its definition, and turns it off by its id in any case', async () => {
    await start();
    const old = stored({ id: '9f3e1a' });
    await h.worker.digestStore.create(old);
    expect(await digest('daily 09:00 Etc/UTC')).toMatchObject({
      text: existsText(old, 'daily at 09:00 (UTC), for every sync'),
    });
    expect(await digest('off 9F3E1A')).toMatchObject({
      responseType: 'in_channel',
      text: expect.stringContaining('turned off the digest `9f3e1a`'),
    });
    expect(await subscriptions()).toEqual([]);
  });

  it('sets up a paused digest again, as its pause message asks, rather than calling it a duplicate', async () => {
    await start();
    const paused = stored();
    await h.worker.digestStore.create(paused);
    await h.worker.digestStore.save(paused, { paused: { reason: 'is_archived', at: MONDAY_MORNING } }, MONDAY_MORNING);
    expect(await digest('daily 09:00 UTC')).toMatchObject({
      responseType: 'in_channel',
      text: expect.stringContaining('set up a Polytomic digest here'),
    });
    const [again] = await subscriptions();
    expect(again).toMatchObject({ createdBy: 'U0ALICE', nextRunAt: Date.parse('2026-11-23T09:00:00Z') });
    expect(again?.paused).toBeUndefined();
    expect((await h.worker.digestStore.listDue(Date.parse('2026-11-23T09:00:00Z'), 10)).map((s) => s.id)).toEqual([
      again!.id,
    ]);
  });
});

describe('/polytomic digest off', () => {
  const offButtons = (message: { blocks?: unknown[] } | undefined) =>
    ((message?.blocks ?? []) as KnownBlock[]).flatMap((b): unknown[] =>
      b.type === 'section' && b.accessory ? [b.accessory] : b.type === 'actions' ? b.elements : [],
    );

  async function press(actionId: string, value: string, userId = 'U0ALICE') {
    const pressed = await h.press(actionId, value, { userId });
    await h.settle();
    return h.replies(pressed.responseUrlId);
  }

  it('turns off the only digest', async () => {
    await start();
    await digest('daily 09:00 UTC');
    expect(await digest('off')).toMatchObject({
      responseType: 'in_channel',
      text: expect.stringContaining('turned off the digest'),
    });
    expect(await subscriptions()).toEqual([]);
  });

  it('with several digests, turns none off but offers a Turn off button for each and Turn off all behind a confirm', async () => {
    await start();
    for (const time of ['08:00', '09:00', '10:00']) await digest(`daily ${time} UTC`);
    const ids = (await subscriptions()).map((s) => s.id);
    const choice = await digest('off');
    expect(await subscriptions()).toHaveLength(3);
    expect(choice).toMatchObject({
      responseType: 'ephemeral',
      text: '3 digests in this channel: which should I turn off?',
    });
    expect(offButtons(choice)).toEqual([
      ...ids.map((id) =>
        expect.objectContaining({ action_id: 'digest_off', value: id, text: { type: 'plain_text', text: 'Turn off' } }),
      ),
      expect.objectContaining({
        action_id: 'digest_off_all',
        value: ids.join(','),
        style: 'danger',
        confirm: expect.objectContaining({ title: { type: 'plain_text', text: 'Turn off all 3 digests?' } }),
      }),
    ]);
  });

  it('Turn off removes that digest and says so in the channel; a second press says it is already off', async () => {
    await start();
    for (const time of ['08:00', '09:00', '10:00']) await digest(`daily ${time} UTC`);
    const [first, second, third] = await subscriptions();
    expect(await press('digest_off', second!.id, 'U0BOB')).toEqual([
      expect.objectContaining({
        responseType: 'in_channel',
        replaceOriginal: false,
        text: `:wastebasket: <@U0BOB> turned off the digest \`${second!.id}\` daily at 09:00 (UTC) for every sync in this channel.`,
      }),
    ]);
    expect((await subscriptions()).map((s) => s.id)).toEqual([first!.id, third!.id]);
    expect(await press('digest_off', second!.id)).toEqual([
      expect.objectContaining({ responseType: 'ephemeral', text: `The digest \`${second!.id}\` is already off.` }),
    ]);
    const all = await press('digest_off_all', [first!.id, second!.id, third!.id].join(','));
    expect(all).toEqual([
      expect.objectContaining({
        responseType: 'in_channel',
        text: expect.stringMatching(/^:wastebasket: <@U0ALICE> turned off 2 digests in this channel:\n/),
      }),
    ]);
    expect(await subscriptions()).toEqual([]);
  });

  it('follows the access policy on the buttons, and refuses a value that is not digest ids', async () => {
    await start({ policy: { users: ['U0ADMIN'], usergroups: [], channels: [] } });
    await digest('daily 09:00 UTC', { userId: 'U0ADMIN' });
    const [sub] = await subscriptions();
    expect(visibleLines((await press('digest_off', sub!.id, 'U0MALLORY'))[0])).toEqual([
      ':no_entry: You are not allowed to change digest subscriptions through this bot. Ask the people who run this bot for your workspace to grant you access. Nothing was changed.',
    ]);
    const outOfDate =
      ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.';
    expect(visibleLines((await press('digest_off', `${sub!.id} C0OTHER`, 'U0ADMIN'))[0])).toEqual([outOfDate]);
    expect(visibleLines((await press('digest_off_all', `${sub!.id};drop`, 'U0ADMIN'))[0])).toEqual([outOfDate]);
    expect(await subscriptions()).toHaveLength(1);
  });

  it('a button turns off only digests of the channel it was pressed in', async () => {
    await start();
    await digest('daily 09:00 UTC', { channelId: 'C0OTHER' });
    const [other] = await subscriptions('C0OTHER');
    expect(await press('digest_off', other!.id)).toEqual([
      expect.objectContaining({ text: `The digest \`${other!.id}\` is already off.` }),
    ]);
    expect(await subscriptions('C0OTHER')).toHaveLength(1);
  });
});

describe('the digest scheduler', () => {
  it('posts one digest when it is due, failing syncs first with their error and a Start button, details in the thread', async () => {
    await start();
    await digest('daily 09:00 Europe/Paris');
    await h.tick();
    expect(topLevel()).toHaveLength(0);
    h.clock.set(Date.parse('2026-11-23T08:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    const [post] = topLevel();
    expect(post?.text).toMatch(
      /^Polytomic digest: 2 failing · \d+ with warnings · \d+ running · (\d+ [a-z ]+ · )*1 paused$/,
    );
    const app = h.polytomicOrigin;
    expect(visibleLines(post)).toEqual([
      '*Polytomic digest* · 15 syncs: 2 failing · 0 with warnings · 0 running · 3 queued · 9 healthy · 1 paused',
      `:red_circle: *Churn Risk Scores → Salesforce* (model sync) · failed <!date^1795419940^{date_short_pretty} at {time}|2026-11-23 07:45:40 UTC> · <${app}/syncs/5c000000-0000-4000-8000-000000000003|Open in Polytomic>`,
      '> Salesforce API error: REQUESTˍLIMITˍEXCEEDED: TotalRequests Limit exceeded.',
      '[Start sync]',
      `:red_circle: *Staging Postgres → BigQuery* (bulk sync) · failed <!date^1795420520^{date_short_pretty} at {time}|2026-11-23 07:55:20 UTC> · <${app}/bulk/syncs/b0000000-0000-4000-8000-000000000004|Open in Polytomic>`,
      '> failed to connect to source: failed SASL auth (FATAL: password authentication failed for user "polytomic" (SQLSTATE 28P01))',
      '[Start sync]',
      ':hourglass: Queued: *Orders to Snowflake*, *Postgres → Snowflake (prod replica)*, *Product Usage → HubSpot Companies*. Every sync is listed in the thread.',
    ]);
    expect(buttonsOf(post).map((b) => b.actionId)).toEqual(['sync_start', 'sync_start']);
    const thread = h.posted().filter((m) => m.threadTs === post!.ts);
    expect(thread).toHaveLength(1);
    // Every sync, one line each: failing, then queued, healthy and paused.
    expect(
      visibleLines(thread[0]).map((line) => /^(:[a-z_]+:) <[^|]+\|([^>]+)>/.exec(line)?.slice(1).join(' ')),
    ).toEqual([
      ':red_circle: Churn Risk Scores → Salesforce',
      ':red_circle: Staging Postgres → BigQuery',
      ':hourglass: Orders to Snowflake',
      ':hourglass: Postgres → Snowflake (prod replica)',
      ':hourglass: Product Usage → HubSpot Companies',
      ':large_green_circle: Account Health → Salesforce',
      ':large_green_circle: HubSpot to BigQuery',
      ':large_green_circle: Open Opportunities → BigQuery',
      ':large_green_circle: Orders to Snowflake (backfill)',
      ':large_green_circle: Salesforce → Snowflake',
      ':large_green_circle: Salesforce Contacts → HubSpot',
      ':large_green_circle: Snowflake Accounts to Salesforce',
      ':large_green_circle: Support Tickets → Salesforce Cases',
      ':large_green_circle: Webinar Attendees → HubSpot',
      ':double_vertical_bar: Lead Scores → Salesforce Leads',
    ]);
    const [sub] = await subscriptions();
    expect(new Date(sub!.nextRunAt).toISOString()).toBe('2026-11-24T08:00:00.000Z');
    h.clock.advance(60_000);
    await h.tick();
    expect(topLevel()).toHaveLength(1);
  });

  it('says under a failing sync who is on its open alert, linking to the alert', async () => {
    await start();
    await h.command('watch Churn Risk Scores → Salesforce', { channelId: 'C0DATA' });
    await digest('daily 09:00 Europe/Paris');
    const churn = SIMULATOR_IDS.syncs.churnScoresToSalesforce;
    await h.syncFailed({ id: churn, name: 'Churn Risk Scores → Salesforce' });
    const [alert] = topLevel();
    await h.press(INCIDENT_ACTIONS.take, `model:${churn}`, { messageTs: alert!.ts, userId: 'U0BOB' });
    await h.settle();

    h.clock.set(Date.parse('2026-11-23T08:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    const lines = visibleLines(topLevel().at(-1));
    const link = `https://local.slack.test/archives/C0DATA/p${alert!.ts!.replace('.', '')}`;
    expect(lines.filter((line) => line.startsWith(':rotating_light:'))).toEqual([
      `:rotating_light: <${link}|Alert open> · <@U0BOB> is on it`,
    ]);
    // Under its own sync: right after Churn's error, before its Start button.
    expect(lines[lines.indexOf(`:rotating_light: <${link}|Alert open> · <@U0BOB> is on it`) - 2]).toMatch(
      /^:red_circle: \*Churn Risk Scores → Salesforce\*/,
    );
  });

  it('says in an only-failing digest that it comes only when something fails', async () => {
    await start();
    await digest('daily 09:00 UTC only failing');
    h.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    const blocks = (topLevel()[0]?.blocks ?? []) as KnownBlock[];
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: ':information_source: An *only failing* digest: it is posted when at least one sync is failing, as now, and skipped when none is.',
        },
      ],
    });
  });

  it('posts once when runs overlap', async () => {
    await start();
    await digest('daily 09:00 Europe/Paris');
    h.clock.set(Date.parse('2026-11-23T08:00:30Z'));
    const results = await Promise.all([h.tick(), h.tick(), h.tick()]);
    expect(results.reduce((n, r) => n + r.digests.posted, 0)).toBe(1);
    expect(topLevel()).toHaveLength(1);
  });

  it('reads each sync once per run however many channels subscribe', async () => {
    await start();
    for (const channel of ['C1', 'C2', 'C3']) await digest('daily 09:00 Europe/Paris', { channelId: channel });
    h.polytomic.calls.length = 0;
    h.clock.set(Date.parse('2026-11-23T08:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ posted: 3 });
    const statusReads = h.polytomic.calls.filter((c) => c.path.endsWith('/status'));
    expect(statusReads).toHaveLength(h.polytomic.syncs.length + h.polytomic.bulkSyncs.length);
  });

  it('calls out new failures and recoveries against the previous digest', async () => {
    await start();
    // 09:20: both syncs' scheduled runs (at :00, and at :05 and :35) are over by then.
    await digest('daily 09:20 UTC for Orders to Snowflake, Snowflake Accounts to Salesforce');
    // First digest: Orders fails (a failed last run, as Polytomic would report it).
    h.polytomic.failNext({
      path: `/api/syncs/${ORDERS}/status`,
      status: 200,
      body: {
        data: {
          last_execution: {
            id: 'e1',
            status: 'failed',
            completed_at: '2026-11-23T08:30:00Z',
            errors: ['warehouse is suspended'],
          },
        },
      },
    });
    h.clock.set(Date.parse('2026-11-23T09:20:00Z'));
    await h.tick();
    expect(visibleLines(topLevel()[0]).slice(1, 3)).toEqual([
      `:red_circle: *Orders to Snowflake* (model sync) · failed <!date^1795422600^{date_short_pretty} at {time}|2026-11-23 08:30:00 UTC> · <${h.polytomicOrigin}/syncs/${ORDERS}|Open in Polytomic>`,
      '> warehouse is suspended',
    ]);
    h.clock.set(Date.parse('2026-11-24T09:20:00Z'));
    await h.tick();
    expect(visibleLines(topLevel()[1])).toEqual([
      '*Polytomic digest* · 2 syncs: 0 failing · 0 with warnings · 0 running · 2 healthy · 0 paused',
      ':white_check_mark: *Recovered:* *Orders to Snowflake*',
      'Every sync is listed in the thread.',
    ]);
    h.polytomic.failNext({
      path: `/api/syncs/${ORDERS}/status`,
      status: 200,
      body: {
        data: {
          last_execution: {
            id: 'e2',
            status: 'failed',
            completed_at: '2026-11-25T08:30:00Z',
            errors: ['quota exceeded'],
          },
        },
      },
    });
    h.clock.set(Date.parse('2026-11-25T09:20:00Z'));
    await h.tick();
    expect(visibleLines(topLevel()[2]).slice(0, 2)).toEqual([
      '*Polytomic digest* · 2 syncs: 1 failing · 0 with warnings · 0 running · 1 healthy · 0 paused',
      ':rotating_light: *New failures:* *Orders to Snowflake*',
    ]);
  });

  it('pauses the subscription of an archived channel and tells its creator, without retrying', async () => {
    await start();
    await digest('daily 09:00 UTC', { channelId: 'C0OLD' });
    h.slack.failNext({ method: 'chat.postMessage', error: 'is_archived' });
    h.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ paused: 1 });
    const dm = h.posted('U0ALICE')[0];
    expect(dm?.text).toContain('I paused the Polytomic digest you set up in <#C0OLD>');
    expect(dm?.text).toContain('the channel is archived');
    expect((await subscriptions('C0OLD'))[0]?.paused).toMatchObject({ reason: 'is_archived' });
    h.clock.set(Date.parse('2026-11-24T09:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ posted: 0, paused: 0 });
  });

  it('retries after a Slack 429 and posts once', async () => {
    await start();
    await digest('daily 09:00 UTC');
    h.slack.failNext({ method: 'chat.postMessage', status: 429, retryAfterSeconds: 1 });
    h.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ retry: 1 });
    await h.tick();
    expect(topLevel()).toHaveLength(0);
    h.clock.advance(61_000);
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    expect(topLevel()).toHaveLength(1);
  });

  it('retries, rather than pauses, when Slack answers with its own trouble or a token being rotated', async () => {
    await start();
    await digest('daily 09:00 UTC');
    h.slack.failNext({ method: 'chat.postMessage', error: 'internal_error' });
    h.slack.failNext({ method: 'chat.postMessage', error: 'invalid_auth' });
    h.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    expect((await h.tick()).digests).toMatchObject({ retry: 1, paused: 0 });
    h.clock.advance(61_000);
    expect((await h.tick()).digests).toMatchObject({ retry: 1, paused: 0 });
    h.clock.advance(61_000);
    expect((await h.tick()).digests).toMatchObject({ posted: 1 });
    expect(h.posted('U0ALICE')).toEqual([]);
  });

  it('posts no backlog after downtime: one digest, then the next regular run', async () => {
    await start();
    await digest('daily 09:00 UTC');
    h.clock.set(Date.parse('2026-11-27T12:00:00Z'));
    await h.tick();
    expect(topLevel()).toHaveLength(1);
    expect(new Date((await subscriptions())[0]!.nextRunAt).toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });
});

describe('/polytomic digest now', () => {
  it('shows a preview at once, only to the person who asked', async () => {
    await start();
    const reply = await digest('now');
    expect(reply).toMatchObject({ responseType: 'ephemeral' });
    expect(reply?.text).toMatch(/^Preview: Polytomic digest: /);
    expect(topLevel()).toHaveLength(0);
  });
});
