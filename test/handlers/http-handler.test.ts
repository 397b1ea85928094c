import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/lib/adapters/dynamo/job-store.js';
import { jobIdFor } from '../../src/lib/app/accept-slack-request.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../support/slack-requests.js';
import { httpApiEvent } from './lambda-events.js';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;

let handler: Handler;
let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;

beforeAll(async () => {
  table = await dynamoDbLocal.open();
  const endpoint = await table.client.config.endpoint!();
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  process.env.LOG_LEVEL = 'ERROR';
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
  ({ handler } = (await import('../../src/handlers/http.js')) as unknown as { handler: Handler });
});
afterAll(async () => table.close());

const invoke = (event: unknown) => handler(event, {} as Context);

describe('the HTTP Lambda handler', () => {
  it('acknowledges a signed, base64-encoded slash command and records its job', async () => {
    const body = commandBody({
      text: 'status Orders',
      triggerId: 'trigger-lambda-1',
      responseUrl: 'https://hooks.slack.com/commands/T0/1/abc',
    });
    const result = await invoke(
      httpApiEvent({ method: 'POST', path: '/slack/events', headers: signedHeaders(body, Date.now()), body }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      response_type: 'ephemeral',
      text: ':hourglass_flowing_sand: Looking up *Orders*…',
    });
    const job = await createDynamoJobStore(table.client, table.tableName).get(jobIdFor('trigger-lambda-1'));
    expect(job).toMatchObject({
      status: 'pending',
      kind: 'slack_command',
      userId: 'U0ALICE',
      channelId: 'C0DATA',
      summary: '/polytomic status Orders',
    });
  });

  it('refuses a base64 body whose signature does not match', async () => {
    const body = commandBody({ text: 'status', responseUrl: 'https://hooks.slack.com/commands/T0/1/abc' });
    const headers = signedHeaders(body, Date.now());
    const result = await invoke(
      httpApiEvent({ method: 'POST', path: '/slack/events', headers, body: `${body}&extra=1` }),
    );
    expect(result.statusCode).toBe(401);
  });

  it('answers the health check', async () => {
    const result = await invoke(httpApiEvent({ method: 'GET', path: '/healthz' }));
    expect(result.statusCode).toBe(200);
  });
});
