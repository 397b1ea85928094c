import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/lib/adapters/dynamo/job-store.js';
import type { JobStore } from '../../src/lib/app/ports/job-store.js';
import { createPolytomicSimulator } from '../../src/local/polytomic-simulator.js';
import { createSlackSimulator } from '../../src/local/slack-simulator.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import { BOT_TOKEN, POLYTOMIC_KEY } from '../support/harness.js';
import type { RunningServer } from '../support/servers.js';
import { serveOnLoopback } from '../support/servers.js';
import { commandBody } from '../support/slack-requests.js';
import { visibleLines } from '../support/visible.js';

let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
let jobs: JobStore;
let servers: RunningServer[];
const slack = createSlackSimulator({ botToken: BOT_TOKEN });
const polytomic = createPolytomicSimulator({ apiKey: POLYTOMIC_KEY });
let worker: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
let poll: (event: unknown, context: Context) => Promise<void>;

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
    // Reads stay open to all; changes only for U0BOSS (the policy test below).
    ALLOWED_USERS: 'U0BOSS',
    ACCESS_CONTACT: '#data-platform',
    // The simulated Slack's auth.test names another workspace: these two are what the worker serves.
    SLACK_TEAM_ID: 'T0TEST',
    SLACK_APP_ID: 'A0APP',
  });
  jobs = createDynamoJobStore(table.client, table.tableName);
  ({ handler: worker } = await import('../../src/handlers/worker.js'));
  ({ handler: poll } = await import('../../src/handlers/poll.js'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await table.close();
});

async function recordJob(id: string, createdAt = Date.now(), text = 'status Orders to Snowflake', appId?: string) {
  const responseUrl = slack.responseUrl(servers[0]!.origin, id);
  const body = Object.fromEntries(new URLSearchParams(commandBody({ text, userId: 'U0ALICE', responseUrl, appId })));
  await jobs.create({
    id,
    kind: 'slack_command',
    payload: JSON.stringify(body),
    teamId: 'T0TEST',
    channelId: 'C0DATA',
    userId: 'U0ALICE',
    summary: text,
    createdAt,
  });
}

const streamRecord = (pk: string, eventName: 'INSERT' | 'MODIFY' = 'INSERT') => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: 'JOB' } }, SequenceNumber: `seq-${pk}` },
});

describe('the worker Lambda handler (DynamoDB stream)', () => {
  it('runs the job a new JOB item announces and reports no failures', async () => {
    await recordJob('stream-1');
    const result = await worker({ Records: [streamRecord('JOB#stream-1')] } as unknown as DynamoDBStreamEvent);
    expect(result).toEqual({ batchItemFailures: [] });
    const replies = slack.messages.filter((m) => m.responseUrlId === 'stream-1');
    expect(replies).toHaveLength(1);
    expect(visibleLines(replies[0])[0]).toBe('Orders to Snowflake');
    expect(await jobs.get('stream-1')).toMatchObject({ status: 'done', outcome: 'answered' });
  });

  it('ignores updates and items that are not jobs, and runs a redelivered job only once', async () => {
    await recordJob('stream-2');
    const event = {
      Records: [
        streamRecord('JOB#stream-2', 'MODIFY'),
        streamRecord('REFRESH#x'),
        streamRecord('JOB#stream-2'),
        streamRecord('JOB#stream-2'),
      ],
    };
    expect(await worker(event as unknown as DynamoDBStreamEvent)).toEqual({ batchItemFailures: [] });
    expect(slack.messages.filter((m) => m.responseUrlId === 'stream-2')).toHaveLength(1);
  });

  it('applies ALLOWED_USERS and ACCESS_CONTACT from its environment: others are refused before any Polytomic call', async () => {
    await recordJob('policy-1', Date.now(), 'refresh Snowflake Warehouse');
    expect(await worker({ Records: [streamRecord('JOB#policy-1')] } as unknown as DynamoDBStreamEvent)).toEqual({
      batchItemFailures: [],
    });
    const [reply] = slack.messages.filter((m) => m.responseUrlId === 'policy-1');
    expect(visibleLines(reply)).toEqual([
      ':no_entry: You are not allowed to refresh connection schemas through this bot. Ask #data-platform to grant you access. Nothing was changed.',
    ]);
    expect(polytomic.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('serves SLACK_TEAM_ID and SLACK_APP_ID from its environment: a request naming another app is refused with nothing done', async () => {
    const before = polytomic.calls.length;
    await recordJob('other-app-1', Date.now(), 'status Orders to Snowflake', 'A0OTHER');
    expect(await worker({ Records: [streamRecord('JOB#other-app-1')] } as unknown as DynamoDBStreamEvent)).toEqual({
      batchItemFailures: [],
    });
    expect(await jobs.get('other-app-1')).toMatchObject({ status: 'done', outcome: 'other_app' });
    expect(slack.messages.filter((m) => m.responseUrlId === 'other-app-1')).toEqual([]);
    expect(polytomic.calls.length).toBe(before);
    expect(slack.calls.filter((call) => call.method === 'auth.test')).toEqual([]);
  });
});

describe('the poll Lambda handler', () => {
  it('runs the other due jobs when one cannot be read', async () => {
    // A job item without its payload, as a bad manual edit would leave it: due, but unreadable.
    const broken = {
      pk: 'JOB#broken-1',
      sk: 'JOB',
      id: 'broken-1',
      status: 'pending',
      attempts: 0,
      version: 0,
      activeKind: 'JOB',
      dueAt: Date.now() - 120_000,
    };
    await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: marshall(broken) }));
    await recordJob('missed-2', Date.now() - 60_000);
    await poll({}, { getRemainingTimeInMillis: () => 60_000 } as Context);
    expect(await jobs.get('missed-2')).toMatchObject({ status: 'done' });
    // Set aside, failed and out of the due index, so later ticks neither trip over it nor keep polling for it.
    const { Item } = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: marshall({ pk: 'JOB#broken-1', sk: 'JOB' }) }),
    );
    expect(Item && unmarshall(Item)).toMatchObject({ status: 'failed', lastError: 'unreadable_item' });
    expect(Item?.activeKind).toBeUndefined();
  });

  it('runs a job the stream never delivered', async () => {
    await recordJob('missed-1', Date.now() - 60_000);
    await poll({}, { getRemainingTimeInMillis: () => 60_000 } as Context);
    expect(slack.messages.filter((m) => m.responseUrlId === 'missed-1')).toHaveLength(1);
    expect(await jobs.get('missed-1')).toMatchObject({ status: 'done' });
  });
});
