import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbLocal } from '../support/dynamo.js';
import { createParameterStore } from '../support/parameter-store.js';
import type { RunningServer } from '../support/servers.js';
import { serveOnLoopback } from '../support/servers.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../support/slack-requests.js';
import { httpApiEvent } from './lambda-events.js';

const store = createParameterStore({
  '/polytomic-slack/test/slack-signing-secret': SIGNING_SECRET,
  '/polytomic-slack/test/slack-bot-token': 'xoxb-from-ssm',
  '/polytomic-slack/test/polytomic-api-key': 'pk-from-ssm',
});
let server: RunningServer;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  server = await serveOnLoopback(store.app);
});
afterAll(async () => server.close());

describe('the deployed handlers, configured with parameter names only', () => {
  let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
  beforeAll(async () => {
    table = await dynamoDbLocal.open();
    const endpoint = await table.client.config.endpoint!();
    for (const secret of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY']) delete process.env[secret];
    Object.assign(process.env, {
      SLACK_SIGNING_SECRET_PARAMETER: '/polytomic-slack/test/slack-signing-secret',
      SLACK_BOT_TOKEN_PARAMETER: '/polytomic-slack/test/slack-bot-token',
      POLYTOMIC_API_KEY_PARAMETER: '/polytomic-slack/test/polytomic-api-key',
      // What Lambda provides: a region and credentials; the endpoint variable points the SDK at the stand-in.
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_SSM: server.origin,
      LOG_LEVEL: 'ERROR',
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
    });
  });
  afterAll(async () => table.close());

  it('the http function verifies requests with the signing secret it read from SSM at cold start', async () => {
    store.calls.length = 0;
    const { handler } = (await import('../../src/handlers/http.js')) as unknown as {
      handler: (e: unknown, c: Context) => Promise<APIGatewayProxyResult>;
    };
    expect(store.calls).toEqual([{ Names: ['/polytomic-slack/test/slack-signing-secret'], WithDecryption: true }]);
    const body = commandBody({ text: 'help', responseUrl: 'https://hooks.slack.com/commands/T0/1/abc' });
    const signed = await handler(
      httpApiEvent({ method: 'POST', path: '/slack/events', headers: signedHeaders(body, Date.now()), body }),
      {} as Context,
    );
    expect(signed.statusCode).toBe(200);
    const forged = await handler(
      httpApiEvent({
        method: 'POST',
        path: '/slack/events',
        headers: signedHeaders(body, Date.now(), 'another-secret'),
        body,
      }),
      {} as Context,
    );
    expect(forged.statusCode).toBe(401);
  });

  it('the worker reads the bot token and the Polytomic key in one call at cold start', async () => {
    store.calls.length = 0;
    await import('../../src/handlers/worker.js');
    expect(store.calls).toEqual([
      {
        Names: ['/polytomic-slack/test/slack-bot-token', '/polytomic-slack/test/polytomic-api-key'],
        WithDecryption: true,
      },
    ]);
  });
});
