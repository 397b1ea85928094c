import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const WAREHOUSE = SIMULATOR_IDS.connections.productionPostgres;

let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(Date.parse('2026-01-14T10:14:00Z')), ...options });
}
afterEach(async () => h.close());

const outcomes = () => h.log.lines.filter((line) => line.message === 'job done').map((line) => line.outcome);
const refusals = () => h.log.lines.filter((line) => line.message === 'request from another workspace or app refused');
const slackCalls = (method: string) => h.slack.calls.filter((c) => c.method === method);

describe('one workspace: requests for another installation are refused with nothing done', () => {
  it('refuses a signed command from another workspace: no Polytomic call, nothing posted, a WARN, outcome other_workspace', async () => {
    await start();
    const ack = await h.command('status Orders to Snowflake', { teamId: 'T0OTHER' });
    expect(ack.status).toBe(200);
    await h.settle();
    expect(h.polytomic.calls).toEqual([]);
    expect(h.slack.messages).toEqual([]);
    expect(outcomes()).toEqual(['other_workspace']);
    expect(refusals()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        outcome: 'other_workspace',
        origin: { teamId: 'T0OTHER', appId: 'A0APP' },
      }),
    ]);
  });

  it('refuses a Start pressed in another workspace: no run started, nothing posted', async () => {
    await start();
    await h.press('sync_start', `model:${ORDERS}`, { teamId: 'T0OTHER' });
    await h.settle();
    expect(h.polytomic.calls).toEqual([]);
    expect(h.slack.messages).toEqual([]);
    expect(outcomes()).toEqual(['other_workspace']);
  });

  it('asks auth.test once per process, and serves the workspace it names', async () => {
    await start();
    await h.command('status Orders to Snowflake');
    await h.settle();
    await h.command('status Orders to Snowflake', { teamId: 'T0OTHER' });
    await h.command('status Orders to Snowflake');
    await h.settle();
    expect(outcomes()).toEqual(['answered', 'other_workspace', 'answered']);
    expect(slackCalls('auth.test')).toHaveLength(1);
  });

  it('retries a job whose auth.test failed, asking again, instead of keeping the failure', async () => {
    await start();
    // The Web API client's own two retries fail too, so the job itself is retried.
    h.slack.failNext({ method: 'auth.test', status: 503, times: 3 });
    const ack = await h.command('status Orders to Snowflake');
    await h.settleWithRetries();
    expect(h.replies(ack.responseUrlId)).toHaveLength(1);
    expect(slackCalls('auth.test').map((c) => c.ok)).toEqual([false, false, false, true]);
    expect(outcomes()).toEqual(['answered']);
    expect(h.log.lines.filter((line) => line.message === 'job will be retried').map((line) => line.code)).toEqual([
      'slack_unavailable',
    ]);
  });

  it('takes the workspace from SLACK_TEAM_ID without asking Slack', async () => {
    await start({ slackTeamId: 'T0CONFIGURED' });
    await h.command('status Orders to Snowflake');
    await h.command('status Orders to Snowflake', { teamId: 'T0CONFIGURED' });
    await h.settle();
    expect(outcomes().sort()).toEqual(['answered', 'other_workspace']);
    expect(slackCalls('auth.test')).toEqual([]);
  });

  it('with an org-wide Grid install (SLACK_TEAM_ID = E…), serves every workspace of that organisation and no other', async () => {
    await start({ slackTeamId: 'E0GRID' });
    await h.command('status Orders to Snowflake', { teamId: 'T0SISTER', enterpriseId: 'E0GRID' });
    await h.settle();
    await h.command('status Orders to Snowflake', { teamId: 'T0SISTER', enterpriseId: 'E0ELSEWHERE' });
    await h.command('status Orders to Snowflake', { teamId: 'T0TEST' });
    await h.settle();
    expect(outcomes()).toEqual(['answered', 'other_workspace', 'other_workspace']);
  });

  it('with SLACK_APP_ID set, refuses a request naming another app', async () => {
    await start({ slackAppId: 'A0APP' });
    await h.command('status Orders to Snowflake', { appId: 'A0IMPOSTOR' });
    await h.settle();
    await h.command('status Orders to Snowflake');
    await h.settle();
    expect(outcomes()).toEqual(['other_app', 'answered']);
    expect(refusals()).toHaveLength(1);
  });
});

describe('Slack Connect: a person of another organisation may read but not change', () => {
  it('refuses their Start and Refresh schema before any Polytomic call, and says why', async () => {
    await start();
    const start1 = await h.press('sync_start', `model:${ORDERS}`, { userTeamId: 'T0GUEST' });
    const refresh = await h.press('refresh_schema', WAREHOUSE, { userTeamId: 'T0GUEST' });
    await h.settle();
    expect(h.polytomic.calls).toEqual([]);
    for (const press of [start1, refresh]) {
      const [reply] = h.replies(press.responseUrlId);
      expect(reply?.text).toMatch(
        /^:no_entry: This bot belongs to another organisation's workspace: you can look things up, but not (start syncs|refresh connection schemas)\. Nothing was changed\.$/,
      );
    }
    expect(outcomes()).toEqual(['denied', 'denied']);
  });

  it('lets them update a card (a read)', async () => {
    await start();
    const press = await h.press('sync_update', `model:${ORDERS}`, { userTeamId: 'T0GUEST' });
    await h.settle();
    expect(h.replies(press.responseUrlId)[0]?.text).toContain('Orders to Snowflake');
    expect(h.polytomic.calls.every((c) => c.method === 'GET')).toBe(true);
  });
});
