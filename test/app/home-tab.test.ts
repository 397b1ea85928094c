import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/lib/app/accept-slack-request.js';
import {
  CONNECTION_DETAILS_ACTION,
  HOME_REFRESH_ACTION,
  INCIDENT_ACTIONS,
  REFRESH_ACTION_ID,
  SYNC_ACTIONS,
} from '../../src/lib/core/buttons.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator/seed.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { eventBody, signedHeaders } from '../support/slack-requests.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const T0 = Date.parse('2026-01-14T10:14:00Z');
const { syncs, bulkSyncs, connections } = SIMULATOR_IDS;
let h: Harness;
afterEach(async () => h?.close());
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  h = await startHarness({ clock: createTestClock(T0), ...options });
};

const homeOpened = (user = 'U0ALICE') => ({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' });
const homeLines = (user = 'U0ALICE') => visibleLines({ text: '', blocks: h.slack.homeOf(user)?.blocks });
const publishes = () => h.slack.calls.filter((c) => c.method === 'views.publish');
type Menu = { type: string; options?: { text: { text: string }; value: string }[] };
/** The options of the Home's connection menu. */
const connectionMenu = (user = 'U0ALICE') =>
  (h.slack.homeOf(user)?.blocks ?? [])
    .flatMap((b) => (b as { elements?: Menu[] }).elements ?? [])
    .find((e) => e.type === 'static_select')?.options ?? [];
const date = (iso: string, format = '{date_short_pretty} at {time}') =>
  `<!date^${Date.parse(iso) / 1000}^${format}|${iso.replace('T', ' ').replace('.000Z', ' UTC').replace('Z', ' UTC')}>`;

// The simulator's seeded organisation at 10:14 UTC: 15 syncs, two failed, one warned, one running; one connection down.
const SEEDED_HOME = [
  'Polytomic',
  '*15 syncs* · 2 failing · 1 with warnings · 1 running · 10 healthy · 1 paused',
  '[Refresh]',
  '[Open a connection… ▾]',
  `As of ${date('2026-01-14T10:14:00Z')}. Times are shown in your Slack time zone.`,
  '*Needs attention*',
  `:red_circle: *Churn Risk Scores → Salesforce* · model · failed ${date('2026-01-14T09:45:40Z')}`,
  '[Details]',
  `:red_circle: *Staging Postgres → BigQuery* · bulk · failed ${date('2026-01-14T09:55:20Z')}`,
  '[Details]',
  `:large_yellow_circle: *Salesforce Contacts → HubSpot* · model · completed with warnings ${date('2026-01-14T09:19:00Z')}`,
  '[Details]',
  '*Unhealthy connections*',
  ':red_circle: *Staging Postgres* · PostgreSQL · unhealthy: failed to connect to `ˋhost=staging-db.internal.northwind.io` user=polytomic database=appˋ: failed SASL auth (FATAL: password authentication failed for user "polytomic" (SQLSTATE 28P01))',
  '[Details]',
  '*Running now*',
  `:arrows_counterclockwise: *Product Usage → HubSpot Companies* · model · running since ${date('2026-01-14T10:10:02Z')}`,
  '[Details]',
  'Not listed: 10 healthy · 1 paused.',
  'None of your channels watches a sync or has a digest. `/polytomic watch <sync>` or `/polytomic digest daily 09:00` in a channel sets one up.',
  "Type `/polytomic status <sync>` in a channel for a sync's card and its buttons, `/polytomic status` for every sync.",
];

describe('the Events API on the Request URL', () => {
  it("answers Slack's url_verification with its challenge, and only when signed", async () => {
    await start();
    const body = JSON.stringify({ token: 'legacy', challenge: 'c4llenge-3xyz', type: 'url_verification' });
    expect(await h.slackEvent(body)).toEqual({ status: 200, body: { challenge: 'c4llenge-3xyz' } });
    const unsigned = await h.app.request('/slack/events', {
      method: 'POST',
      headers: { ...signedHeaders(body, T0), 'x-slack-signature': 'v0=00' },
      body,
    });
    expect(unsigned.status).toBe(401);
  });

  it('records an event once by its event_id, however often Slack delivers it again', async () => {
    await start();
    const body = eventBody(homeOpened(), { eventId: 'Ev0HOME1' });
    expect((await h.slackEvent(body)).status).toBe(200);
    // Slack retries after a late answer (at once, 1 min, 5 min) with the same event_id.
    for (const retryNum of [1, 2, 3]) expect((await h.slackEvent(body, { retryNum })).status).toBe(200);
    await h.settle();
    expect(publishes()).toHaveLength(1);
    expect(await h.jobs.get(jobIdFor('event:Ev0HOME1'))).toMatchObject({ status: 'done', outcome: 'published' });
  });

  it('answers 200 to events it does not act on, and records nothing for them', async () => {
    await start();
    const ignored = [
      { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'messages' },
      { type: 'member_joined_channel', user: 'U0ALICE', channel: 'C0DATA' },
      { type: 'something_slack_adds_later' },
    ];
    for (const [i, event] of ignored.entries())
      expect((await h.slackEvent(eventBody(event, { eventId: `Ev0IGNORED${i}` }))).status).toBe(200);
    await h.settle();
    for (const i of ignored.keys()) expect(await h.jobs.get(jobIdFor(`event:Ev0IGNORED${i}`))).toBeUndefined();
    expect(publishes()).toEqual([]);
  });

  it('refuses with 400 a signed body that is not an event: bad JSON, no event_id, an event without a type', async () => {
    await start();
    const bodies = [
      '{"type": "event_callback",',
      JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event: homeOpened(), event_time: 1 }),
      eventBody({ user: 'U0ALICE' }),
    ];
    for (const body of bodies) expect(await h.slackEvent(body)).toMatchObject({ status: 400 });
  });

  it("publishes nothing for another workspace's event", async () => {
    await start();
    await h.slackEvent(eventBody(homeOpened(), { eventId: 'Ev0FOREIGN', teamId: 'T0OTHER' }));
    await h.settle();
    expect(publishes()).toEqual([]);
    expect(await h.jobs.get(jobIdFor('event:Ev0FOREIGN'))).toMatchObject({ outcome: 'other_workspace' });
  });
});

describe('the Home tab', () => {
  it('shows every sync at a glance when a person opens it: failing first, then running, the rest counted', async () => {
    await start();
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    expect(homeLines()).toEqual(SEEDED_HOME);
    const details = buttonsOf({ text: '', blocks: h.slack.homeOf('U0ALICE')?.blocks }).filter(
      (b) => b.label === 'Details',
    );
    expect(details.map((b) => b.value)).toEqual([
      `model:${syncs.churnScoresToSalesforce}`,
      `bulk:${bulkSyncs.stagingPostgresToBigquery}`,
      `model:${syncs.salesforceContactsToHubspot}`,
      connections.stagingPostgres,
      `model:${syncs.productUsageToHubspot}`,
    ]);
  });

  it('lists the schema refreshes in progress, with who asked and where', async () => {
    await start();
    await h.command('refresh Snowflake Warehouse', { userId: 'U0BOB', channelId: 'C0DATA' });
    await h.settle();
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    const lines = homeLines();
    const at = lines.indexOf('*Refreshing schemas*');
    expect(lines.slice(at, at + 2)).toEqual([
      '*Refreshing schemas*',
      `:arrows_counterclockwise: *Snowflake Warehouse* · schema refresh since ${date('2026-01-14T10:14:00Z')}, asked by <@U0BOB> in <#C0DATA>`,
    ]);
  });

  it('costs one sweep of Polytomic for everyone opening Home within 30 s', async () => {
    await start();
    await Promise.all(['U0A', 'U0B', 'U0C', 'U0D', 'U0E'].map((user) => h.slackEvent(eventBody(homeOpened(user)))));
    await h.settle();
    // One sweep: the two sync lists, the connections, then each sync's status once.
    const oneSweep = 3 + h.polytomic.syncs.length + h.polytomic.bulkSyncs.length;
    expect(h.polytomic.calls).toHaveLength(oneSweep);
    h.clock.advance(29_000);
    await h.slackEvent(eventBody(homeOpened('U0F')));
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(oneSweep);
    expect(publishes()).toHaveLength(6);
    expect(homeLines('U0F')).toEqual(homeLines('U0A'));
  });

  it('Refresh reads Polytomic again once the view is older than 30 s, and publishes it for the presser', async () => {
    await start();
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    const oneSweep = h.polytomic.calls.length;
    h.clock.advance(31_000);
    expect((await h.pressOnHome(HOME_REFRESH_ACTION, 'home')).status).toBe(200);
    await h.settle();
    expect(h.polytomic.calls).toHaveLength(2 * oneSweep);
    expect(homeLines()[4]).toBe(`As of ${date('2026-01-14T10:14:31Z')}. Times are shown in your Slack time zone.`);
  });

  it('when Polytomic fails, says so and keeps the last good view with its time', async () => {
    await start();
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    h.clock.advance(10 * 60_000);
    h.polytomic.failNext({ path: '/api/syncs', status: 401 });
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    expect(homeLines()).toEqual([
      ...SEEDED_HOME.slice(0, 5),
      `:warning: I couldn't read Polytomic just now, so this is how things stood ${date('2026-01-14T10:14:00Z')}. Polytomic rejected the API key this bot uses. Ask whoever deployed the bot to check its Polytomic API key.`,
      ...SEEDED_HOME.slice(5),
    ]);
  });

  it('when Polytomic fails before any good view, says what went wrong, offers Refresh, and still shows her channels', async () => {
    await start();
    await h.command('watch all', { channelId: 'C0DATA' });
    await h.settle();
    h.slack.setChannelsOf('U0ALICE', ['C0DATA']);
    h.polytomic.failNext({ path: '/api/syncs', status: 401 });
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    expect(homeLines()).toEqual([
      'Polytomic',
      ":warning: I couldn't read Polytomic. Polytomic rejected the API key this bot uses. Ask whoever deployed the bot to check its Polytomic API key.",
      '[Refresh]',
      '*Your channels*',
      '*<#C0DATA>*',
      ':eyes: Watches *every sync* (failures)',
    ]);
  });

  it("Details shows the sync's card on top of the Home, and its Start starts one run however often it is pressed", async () => {
    await start();
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    await h.pressOnHome(SYNC_ACTIONS.update, `model:${syncs.churnScoresToSalesforce}`);
    await h.settle();
    const lines = homeLines();
    expect(lines.slice(0, 2)).toEqual(['Polytomic', 'Churn Risk Scores → Salesforce']);
    expect(lines.slice(lines.indexOf('[Update]'), lines.indexOf('[Update]') + 4)).toEqual([
      '[Update]',
      '[Start sync]',
      '[Pause]',
      '[Open in Polytomic]',
    ]);
    const startButton = buttonsOf({ text: '', blocks: h.slack.homeOf('U0ALICE')?.blocks }).find(
      (b) => b.label === 'Start sync',
    );
    // A double click: two presses of the same card on the same Home.
    await Promise.all([
      h.pressOnHome(SYNC_ACTIONS.start, startButton!.value!),
      h.pressOnHome(SYNC_ACTIONS.start, startButton!.value!),
    ]);
    await h.settle();
    const starts = h.polytomic.calls.filter(
      (c) => c.method === 'POST' && c.path === `/api/syncs/${syncs.churnScoresToSalesforce}/executions`,
    );
    expect(starts).toHaveLength(1);
    // Both jobs publish the Home; whichever lands last, it tells the truth: this person started the one run.
    expect(homeLines().join('\n')).toMatch(
      /<@U0ALICE> (started a run|already started that run|already pressed Start on this card) at /,
    );
  });

  it('refuses a change from the Home when changes are allowed only in certain channels', async () => {
    await start({ policy: { users: [], usergroups: [], channels: ['C0DATA'] } });
    await h.pressOnHome(SYNC_ACTIONS.start, `model:${syncs.churnScoresToSalesforce}`);
    await h.settle();
    expect(h.polytomic.calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(homeLines()[1]).toMatch(/^:no_entry: /);
  });

  it('answers a press on the Home of a button a Home never shows as out of date', async () => {
    await start();
    await h.pressOnHome(INCIDENT_ACTIONS.take, `model:${syncs.churnScoresToSalesforce}`);
    await h.settle();
    expect(h.polytomic.calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(homeLines()[1]).toMatch(/^:warning: That button is out of date/);
  });

  it('tries again later when Slack rate-limits views.publish, and publishes once', async () => {
    await start();
    h.slack.failNext({ method: 'views.publish', status: 429, retryAfterSeconds: 1 });
    await h.slackEvent(eventBody(homeOpened(), { eventId: 'Ev0LIMITED' }));
    await h.settleWithRetries();
    expect(h.slack.calls.filter((c) => c.method === 'views.publish').map((c) => c.ok)).toEqual([false, true]);
    expect(await h.jobs.get(jobIdFor('event:Ev0LIMITED'))).toMatchObject({
      status: 'done',
      attempts: 2,
      outcome: 'published',
    });
    // Published a minute later (the retry), from a fresh sweep: the runs have moved on since.
    expect(homeLines()[1]).toMatch(/^\*15 syncs\* · 2 failing · /);
  });
});

describe("refreshing a connection's schema from the Home", () => {
  it('opens a connection from the menu, and its Refresh schema posts in her direct messages and replies there when fresh', async () => {
    await start({ polytomic: { refreshDurationMs: 20_000 } });
    await h.slackEvent(eventBody(homeOpened()));
    await h.settle();
    const options = connectionMenu();
    expect(options.map((o) => o.text.text)).toEqual(
      h.polytomic.connections.map((c) => c.name).sort((a, b) => a.localeCompare(b)),
    );

    const production = options.find((o) => o.text.text === 'Production Postgres (read replica)')!;
    await h.pressOnHome(CONNECTION_DETAILS_ACTION, production.value, { selected: true });
    await h.settle();
    const card = homeLines();
    expect(card.slice(0, 2)).toEqual(['Polytomic', 'Production Postgres (read replica)']);
    expect(card).toContain('[Refresh schema]');

    await h.pressOnHome(REFRESH_ACTION_ID, production.value);
    await h.settle();
    const dm = h.posted('D0ALICE');
    expect(dm.map((m) => m.text)).toEqual([
      expect.stringContaining(
        "<@U0ALICE> asked Polytomic to refresh the schema of *Production Postgres (read replica)* (PostgreSQL). I'll reply in this thread when it is done.",
      ),
    ]);
    expect(homeLines()[1]).toBe(
      `:white_check_mark: Polytomic is refreshing the schema of *Production Postgres (read replica)* (PostgreSQL). I'll reply in the thread of <https://local.slack.test/archives/D0ALICE/p${dm[0]!.ts!.replace('.', '')}|this message> when it is done.`,
    );
    const refreshing = homeLines();
    expect(
      refreshing.slice(refreshing.indexOf('*Refreshing schemas*'), refreshing.indexOf('*Refreshing schemas*') + 2),
    ).toEqual([
      '*Refreshing schemas*',
      `:arrows_counterclockwise: *Production Postgres (read replica)* · schema refresh since ${date('2026-01-14T10:14:00Z')}, asked by <@U0ALICE> in a direct message`,
    ]);

    h.clock.advance(DEFAULT_TIMING.refreshCheckIntervalMs + 20_000);
    await h.tick();
    const replies = h.posted('D0ALICE').filter((m) => m.threadTs === dm[0]!.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('The schema of *Production Postgres (read replica)* (PostgreSQL) is fresh.');
  });

  it('Details on an unhealthy connection shows its card on top, with the error in full', async () => {
    await start();
    await h.pressOnHome(CONNECTION_DETAILS_ACTION, connections.stagingPostgres);
    await h.settle();
    const lines = homeLines();
    expect(lines.slice(0, 2)).toEqual(['Polytomic', 'Staging Postgres']);
    expect(lines).toContain('[Refresh schema]');
    expect(h.polytomic.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe("the person's channels on the Home", () => {
  const inChannel = async (channelId: string, text: string) => {
    await h.command(text, { channelId });
    await h.settle();
  };
  const openHome = async (user = 'U0ALICE') => {
    await h.slackEvent(eventBody(homeOpened(user)));
    await h.settle();
    return homeLines(user);
  };
  const yourChannels = (lines: string[]) => lines.slice(lines.indexOf('*Your channels*'), -2);

  it('lists what each of her channels hears from the bot: open alerts and who is on them first, then snoozes, watches with their states, digests', async () => {
    await start();
    await inChannel('C0DATA', 'watch Churn Risk Scores → Salesforce notify <@U0BOB|bob>');
    await inChannel('C0DATA', 'watch Orders to Snowflake stale 6h');
    await inChannel('C0OPS', 'watch all all-runs');
    await inChannel('C0OPS', 'digest daily 09:00 Europe/Paris');
    await inChannel('C0DATA', 'snooze Orders to Snowflake 4h');
    await inChannel('C0SECRET', 'watch Product Usage → HubSpot Companies');
    const churnFailed = {
      id: 'e0000000-0000-4000-8000-000000000001',
      type: 'sync.failed',
      organization_id: 'org',
      created_at: '2026-01-14T10:14:01Z',
      event: {
        execution_id: 'x1',
        sync_id: syncs.churnScoresToSalesforce,
        sync_name: 'Churn Risk Scores → Salesforce',
      },
    };
    expect((await h.deliver(churnFailed)).status).toBe(200);
    await h.settle();
    h.clock.advance(DEFAULT_TIMING.alertBatchMs);
    await h.tick();
    const alert = h.posted('C0DATA').find((m) => !m.threadTs)!;
    await h.press(INCIDENT_ACTIONS.take, `model:${syncs.churnScoresToSalesforce}`, {
      messageTs: alert.ts,
      userId: 'U0BOB',
    });
    await h.settle();
    h.slack.setChannelsOf('U0ALICE', ['C0OPS', 'C0QUIET', 'C0DATA']);

    const opened = date('2026-01-14T10:14:05Z');
    // Each open alert links to its message, where its controls are.
    const link = (channel: string) => {
      const root = h.posted(channel).find((m) => !m.threadTs)!;
      return `<https://local.slack.test/archives/${channel}/p${root.ts!.replace('.', '')}|Alert open>`;
    };
    expect(yourChannels(await openHome())).toEqual([
      '*Your channels*',
      '*<#C0DATA>*',
      `:rotating_light: ${link('C0DATA')} on *Churn Risk Scores → Salesforce* since ${opened} · <@U0BOB> is on it`,
      ':eyes: Watches :red_circle: *Churn Risk Scores → Salesforce* (failures · notifies <@U0BOB>); :large_green_circle: *Orders to Snowflake* (failures · rules: `stale 6h`)',
      `:zzz: *Orders to Snowflake* snoozed by <@U0ALICE> until ${date('2026-01-14T14:14:00Z')}`,
      '*<#C0OPS>*',
      `:rotating_light: ${link('C0OPS')} on *Churn Risk Scores → Salesforce* since ${opened} · nobody is on it yet`,
      ':eyes: Watches *every sync* (every finished run)',
      `:calendar: Digest daily at 09:00 (Europe/Paris) for every sync · next ${date('2026-01-15T08:00:00Z')}`,
    ]);
    // Once the snooze is over it is no longer shown; the watches and the open alerts stay.
    h.clock.advance(4 * 3_600_000);
    const later = yourChannels(await openHome());
    expect(later.filter((line) => line.startsWith(':zzz:'))).toEqual([]);
    expect(later.filter((line) => line.startsWith(':rotating_light:'))).toHaveLength(2);
  });

  it('says how to set one up when none of her channels has a watch or a digest', async () => {
    await start();
    await inChannel('C0SECRET', 'watch all');
    h.slack.setChannelsOf('U0ALICE', ['C0QUIET']);
    expect((await openHome()).slice(-2)).toEqual([
      'None of your channels watches a sync or has a digest. `/polytomic watch <sync>` or `/polytomic digest daily 09:00` in a channel sets one up.',
      "Type `/polytomic status <sync>` in a channel for a sync's card and its buttons, `/polytomic status` for every sync.",
    ]);
  });

  it('reads the first 200 channels Slack lists and says so when she is in more', async () => {
    await start();
    await inChannel('C0LAST', 'watch all');
    const many = Array.from({ length: 200 }, (_, i) => `C0MANY${i}`);
    h.slack.setChannelsOf('U0ALICE', [...many, 'C0LAST']);
    const lines = await openHome();
    expect(lines).not.toContain('*<#C0LAST>*');
    expect(lines.slice(-2, -1)).toEqual([
      'Your channels: only the first 200 Slack listed were read, and none of them watches a sync or has a digest. `/polytomic watch` and `/polytomic digest` in a channel list its own.',
    ]);
    h.slack.setChannelsOf('U0ALICE', [...many.slice(1), 'C0LAST']);
    expect(yourChannels(await openHome())).toEqual([
      '*Your channels*',
      '*<#C0LAST>*',
      ':eyes: Watches *every sync* (failures)',
    ]);
  });

  it('still publishes the Home when Slack will not list her channels, saying why in words', async () => {
    await start();
    // An install from before the Home read channels lacks the scope until it is reinstalled.
    h.slack.failNext({ method: 'users.conversations', error: 'missing_scope' });
    const lines = await openHome();
    expect(lines.slice(0, SEEDED_HOME.length - 2)).toEqual(SEEDED_HOME.slice(0, -2));
    expect(lines.at(-2)).toBe(
      "Your channels' watches and digests: the app needs reinstalling to read them (Slack app settings → Install App), for the channels:read and groups:read scopes it now asks for.",
    );
    h.slack.failNext({ method: 'users.conversations', status: 429, retryAfterSeconds: 30 });
    h.clock.advance(31_000);
    expect((await openHome()).at(-2)).toBe(
      "Your channels' watches and digests: Slack did not list your channels just now (`ratelimited`); Refresh tries again.",
    );
  });
});
