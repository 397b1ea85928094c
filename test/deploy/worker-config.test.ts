import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/lib/adapters/dynamo/job-store.js';
import { createPolytomicSimulator } from '../../src/local/polytomic-simulator.js';
import { createSlackSimulator } from '../../src/local/slack-simulator.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import { BOT_TOKEN, POLYTOMIC_KEY, shown } from '../support/harness.js';
import { serveOnLoopback } from '../support/servers.js';
import type { RunningServer } from '../support/servers.js';
import { commandBody } from '../support/slack-requests.js';

// The deployed worker takes its settings from the environment serverless.yml gives it; this checks the
// access settings reach the policy (the other settings are read the same way, by loadConfig).
let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
let servers: RunningServer[];
let worker: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
const slack = createSlackSimulator({ botToken: BOT_TOKEN });
const polytomic = createPolytomicSimulator({ apiKey: POLYTOMIC_KEY });

beforeAll(async () => {
  table = await dynamoDbLocal.open();
  const endpoint = await table.client.config.endpoint!();
  servers = await Promise.all([serveOnLoopback(slack.app), serveOnLoopback(polytomic.app)]);
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    LOG_LEVEL: 'ERROR',
    DYNAMODB_ENDPOINT: `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: `${servers[0]!.origin}/api/`,
    POLYTOMIC_API_KEY: POLYTOMIC_KEY,
    POLYTOMIC_URL: servers[1]!.origin,
    ALLOWED_USERS: 'U0BOSS',
    ACCESS_CONTACT: '#data-platform',
  });
  ({ handler: worker } = await import('../../src/handlers/worker.js'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await table.close();
});

describe('the deployed worker\'s configuration', () => {
  it('applies ALLOWED_USERS and ACCESS_CONTACT from its environment: others are refused before any Polytomic call', async () => {
    const id = 'policy-1';
    const responseUrl = slack.responseUrl(servers[0]!.origin, id);
    const body = Object.fromEntries(new URLSearchParams(commandBody({ text: 'refresh Snowflake Warehouse', userId: 'U0ALICE', responseUrl })));
    await createDynamoJobStore(table.client, table.tableName).create({
      id, kind: 'slack_command', payload: JSON.stringify(body), teamId: 'T0TEST', channelId: 'C0DATA', userId: 'U0ALICE', summary: 'refresh', createdAt: Date.now(),
    });
    const record = { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: `JOB#${id}` }, sk: { S: 'JOB' } }, SequenceNumber: '1' } };
    expect(await worker({ Records: [record] } as unknown as DynamoDBStreamEvent)).toEqual({ batchItemFailures: [] });

    const [reply] = slack.messages.filter((m) => m.responseUrlId === id);
    expect(shown(reply)).toContain('You are not allowed to refresh connection schemas');
    expect(shown(reply)).toContain('#data-platform');
    expect(polytomic.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });
});
