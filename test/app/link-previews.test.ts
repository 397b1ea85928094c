import { afterEach, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/lib/app/accept-slack-request.js';
import { parseSyncPress, SYNC_ACTIONS } from '../../src/lib/core/buttons.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator/seed.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { eventBody } from '../support/slack-requests.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const T0 = Date.parse('2026-01-14T10:14:00Z');
const { syncs, bulkSyncs, connections } = SIMULATOR_IDS;
let h: Harness;
afterEach(async () => h?.close());
const start = async () => {
  h = await startHarness({ clock: createTestClock(T0) });
};

/** A person posts these links in #data (`conversations_history`: the message is sent). */
const shared = (urls: string[], unfurlId = 'U0ALICE-1700000000.000100-abc', sharedChannel = false) =>
  eventBody(
    {
      type: 'link_shared',
      channel: 'C0DATA',
      user: 'U0ALICE',
      message_ts: '1700000000.000100',
      unfurl_id: unfurlId,
      source: 'conversations_history',
      links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
    },
    { eventId: `Ev${unfurlId.replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}`, sharedChannel },
  );
const unfurlCalls = () => h.slack.calls.filter((c) => c.method === 'chat.unfurl');
const previewOf = (url: string, unfurlId = 'U0ALICE-1700000000.000100-abc') => h.slack.unfurlsOf(unfurlId)?.[url];

describe('previews of pasted Polytomic links', () => {
  it("attaches each sync's and connection's card to the message that links them, in one chat.unfurl", async () => {
    await start();
    const sync = `${h.polytomicOrigin}/syncs/${syncs.churnScoresToSalesforce}`;
    const bulk = `${h.polytomicOrigin}/bulk/syncs/${bulkSyncs.postgresToSnowflake}`;
    const connection = `${h.polytomicOrigin}/connections/${connections.snowflake}`;
    expect((await h.slackEvent(shared([sync, bulk, connection, 'https://example.com/page']))).status).toBe(200);
    await h.settle();
    expect(unfurlCalls()).toHaveLength(1);
    expect(Object.keys(h.slack.unfurlsOf('U0ALICE-1700000000.000100-abc') ?? {})).toEqual([sync, bulk, connection]);
    const syncLines = visibleLines({ text: '', blocks: previewOf(sync)?.blocks });
    expect(syncLines[0]).toBe('Churn Risk Scores → Salesforce');
    expect(syncLines).toContain('[Start sync]');
    expect(visibleLines({ text: '', blocks: previewOf(connection)?.blocks })[0]).toBe('Snowflake Warehouse');
    expect(buttonsOf({ text: '', blocks: previewOf(connection)?.blocks }).map((b) => b.label)).toEqual([
      'Refresh schema',
    ]);
    expect(await h.jobs.get(jobIdFor('event:EvU0ALICE1700000000000'))).toMatchObject({ outcome: 'previewed:3' });
  });

  it('leaves alone a link to something Polytomic does not have, and previews the rest', async () => {
    await start();
    const gone = `${h.polytomicOrigin}/syncs/5c000000-0000-4000-8000-0000000000ff`;
    const known = `${h.polytomicOrigin}/syncs/${syncs.ordersToSnowflake}`;
    await h.slackEvent(shared([gone, known]));
    await h.settle();
    expect(Object.keys(h.slack.unfurlsOf('U0ALICE-1700000000.000100-abc') ?? {})).toEqual([known]);
    expect(h.log.lines).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'link left without a preview: Polytomic refused' }),
    );
  });

  it('calls Slack for nothing when no link is one of Polytomic (a wrong host, a page it does not know)', async () => {
    await start();
    await h.slackEvent(
      shared([`${h.polytomicOrigin}/reports/weekly`, `https://evil.test/syncs/${syncs.ordersToSnowflake}`]),
    );
    await h.settle();
    expect(unfurlCalls()).toEqual([]);
  });

  it('previews nothing in a channel shared with another organisation', async () => {
    await start();
    await h.slackEvent(
      shared([`${h.polytomicOrigin}/syncs/${syncs.ordersToSnowflake}`], 'U0ALICE-1700000000.000200-x', true),
    );
    await h.settle();
    expect(unfurlCalls()).toEqual([]);
    expect(await h.jobs.get(jobIdFor('event:EvU0ALICE1700000000000'))).toMatchObject({ outcome: 'shared_channel' });
  });

  it('previews the first five links of a message with more', async () => {
    await start();
    const urls = Object.values(syncs)
      .slice(0, 7)
      .map((id) => `${h.polytomicOrigin}/syncs/${id}`);
    await h.slackEvent(shared(urls));
    await h.settle();
    expect(Object.keys(h.slack.unfurlsOf('U0ALICE-1700000000.000100-abc') ?? {})).toEqual(urls.slice(0, 5));
  });

  it('tries again when Polytomic is down, and previews once it answers', async () => {
    await start();
    const url = `${h.polytomicOrigin}/syncs/${syncs.ordersToSnowflake}`;
    h.polytomic.failNext({ path: `/api/syncs/${syncs.ordersToSnowflake}`, status: 503, times: 10 });
    await h.slackEvent(shared([url]));
    await h.settle();
    expect(unfurlCalls()).toEqual([]);
    h.polytomic.clearFaults();
    await h.settleWithRetries();
    expect(unfurlCalls()).toHaveLength(1);
    expect(visibleLines({ text: '', blocks: previewOf(url)?.blocks })[0]).toBe('Orders to Snowflake');
  });

  it('answers a press on a preview to the presser alone, never replacing the message it sits on', async () => {
    await start();
    const url = `${h.polytomicOrigin}/syncs/${syncs.snowflakeAccountsToSalesforce}`;
    await h.slackEvent(shared([url]));
    await h.settle();
    const startButton = buttonsOf({ text: '', blocks: previewOf(url)?.blocks }).find((b) => b.label === 'Start sync');
    expect(parseSyncPress(startButton?.value)?.sync.id).toBe(syncs.snowflakeAccountsToSalesforce);
    const press = await h.press(SYNC_ACTIONS.start, startButton?.value, { onLinkPreview: true });
    await h.settle();
    expect(press.status).toBe(200);
    const [reply] = h.replies(press.responseUrlId);
    expect(reply).toMatchObject({ replaceOriginal: false });
    expect(visibleLines(reply)).toContain('Snowflake Accounts to Salesforce');
    expect(h.polytomic.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/executions'))).toHaveLength(1);
  });
});
