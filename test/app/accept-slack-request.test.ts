import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createAwsJsonApi, localDynamoAccess } from '../../src/lib/adapters/aws/aws-json-api.js';
import { composeHttpApp } from '../../src/lib/compose/http.js';
import { createMemoryLogger } from '../../src/lib/log.js';
import { createTestClock } from '../support/clock.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import { startSilentServer } from '../support/servers.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../support/slack-requests.js';

const clock = createTestClock();
const SLACK_ORIGIN = 'https://hooks.slack.com';

function blockActionsBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const buttonPress = {
  type: 'block_actions',
  team: { id: 'T0TEST' },
  user: { id: 'U0ALICE', team_id: 'T0TEST' },
  channel: { id: 'C0DATA' },
  message: { ts: '1700000000.000100' },
  actions: [
    { type: 'button', action_id: 'refresh_status', block_id: 'b1', action_ts: '1700000001.0001', value: 'model:abc' },
  ],
  response_url: 'https://hooks.slack.com/actions/T0/1/abc',
  trigger_id: 'trigger-button-1',
};

describe('accepting interactivity', () => {
  let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
  let recorded: string[];
  let app: ReturnType<typeof composeHttpApp>;
  const send = (body: string) =>
    app.request('/slack/events', { method: 'POST', headers: signedHeaders(body, clock.now()), body });

  beforeEach(async () => {
    table = await dynamoDbLocal.open();
    recorded = [];
    app = composeHttpApp({
      signingSecret: SIGNING_SECRET,
      responseUrlOrigins: [SLACK_ORIGIN],
      dynamodb: table.dynamodb,
      tableName: table.tableName,
      clock,
      log: createMemoryLogger(),
      afterEnqueue: (job) => recorded.push(job.summary),
    });
  });
  afterEach(async () => table.close());

  it('records a button press as a job and answers an empty 200', async () => {
    const response = await send(blockActionsBody(buttonPress));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(recorded).toEqual(['button refresh_status']);
  });

  it('acknowledges link buttons and other interaction kinds without recording anything', async () => {
    const link = blockActionsBody({
      ...buttonPress,
      actions: [{ type: 'button', action_id: 'open_sync', action_ts: '1.2' }],
    });
    const shortcut = blockActionsBody({ type: 'message_action', trigger_id: 't' });
    for (const body of [link, shortcut]) expect((await send(body)).status).toBe(200);
    expect(recorded).toEqual([]);
  });

  it('refuses a signed payload that is not JSON, or lacks the fields of a button press, with 400', async () => {
    for (const body of ['payload=%7Bnot-json', blockActionsBody({ type: 'block_actions', actions: [] })]) {
      expect((await send(body)).status).toBe(400);
    }
    expect(recorded).toEqual([]);
  });
});

describe('when the job cannot be recorded', () => {
  // A table that does not exist makes DynamoDB Local refuse the write, as an outage would.
  const brokenApp = () =>
    composeHttpApp({
      signingSecret: SIGNING_SECRET,
      responseUrlOrigins: [SLACK_ORIGIN],
      dynamodb: createAwsJsonApi('dynamodb', localDynamoAccess(inject('dynamoDbLocalEndpoint'))),
      tableName: 'no-such-table',
      clock,
      log: createMemoryLogger(),
    });

  it('tells the person at once that nothing will happen', async () => {
    const body = commandBody({ text: 'status orders', responseUrl: 'https://hooks.slack.com/commands/T0/1/abc' });
    const response = await brokenApp().request('/slack/events', {
      method: 'POST',
      headers: signedHeaders(body, clock.now()),
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: ":warning: I couldn't record your request just now, so it may not happen. If nothing arrives within a minute, please try again.",
    });
  });

  it("says so within Slack's 3 seconds when DynamoDB takes the connection and never answers", async () => {
    const silent = await startSilentServer();
    try {
      const app = composeHttpApp({
        signingSecret: SIGNING_SECRET,
        responseUrlOrigins: [SLACK_ORIGIN],
        dynamodb: createAwsJsonApi('dynamodb', localDynamoAccess(silent.origin)),
        tableName: 'polytomic-slack',
        clock,
        log: createMemoryLogger(),
      });
      const body = commandBody({ text: 'status orders', responseUrl: 'https://hooks.slack.com/commands/T0/1/abc' });
      const started = performance.now();
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: signedHeaders(body, clock.now()),
        body,
      });
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await response.json()).toMatchObject({ text: expect.stringContaining("I couldn't record your request") });
    } finally {
      await silent.close();
    }
  });

  it('fails a button press with 500 so Slack marks the button as failed', async () => {
    const body = blockActionsBody(buttonPress);
    const response = await brokenApp().request('/slack/events', {
      method: 'POST',
      headers: signedHeaders(body, clock.now()),
      body,
    });
    expect(response.status).toBe(500);
  });
});
