import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsJsonApi, Transport } from '../../src/lib/adapters/aws/aws-json-api.js';
import { createAwsJsonApi, httpTransport, localDynamoAccess } from '../../src/lib/adapters/aws/aws-json-api.js';
import { createDynamoWebhookStore } from '../../src/lib/adapters/dynamo/webhook-store.js';
import type { WebhookConfig } from '../../src/lib/app/ports/webhook-store.js';
import { PREVIOUS_SECRET_MS, WEBHOOK_SECRET_READS } from '../../src/lib/app/webhook-secrets.js';
import { composeHttpApp } from '../../src/lib/compose/http.js';
import { createMemoryLogger } from '../../src/lib/log.js';
import type { NewJob } from '../../src/lib/schemas/items.js';
import { createTestClock } from '../support/clock.js';
import { dynamoDbLocal } from '../support/dynamo.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';

const T0 = Date.parse('2026-11-23T10:20:00Z');
const failedRun = (id: string) =>
  JSON.stringify({
    id,
    type: 'sync.failed',
    created_at: new Date(T0).toISOString(),
    event: { sync_id: 'sync-1', sync_name: 'Orders', error: 'warehouse is suspended' },
  });
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const webhook = (secret: string, extra: Partial<WebhookConfig> = {}): WebhookConfig => ({
  webhookId: 'w1',
  endpoint: 'https://bot.example/polytomic/events',
  secret,
  createdBy: 'U0ADMIN',
  createdAt: T0,
  ...extra,
});

/** The table through the signed path (no SDK), counting the GetItem calls it sends: what a flood of forged deliveries costs. */
function countingReads(endpoint: string): { dynamodb: AwsJsonApi; reads: { count: number } } {
  const reads = { count: 0 };
  const counting: Transport = (request, signal) => {
    if (request.headers['x-amz-target'] === 'DynamoDB_20120810.GetItem') reads.count++;
    return httpTransport(request, signal);
  };
  return { dynamodb: createAwsJsonApi('dynamodb', { ...localDynamoAccess(endpoint), transport: counting }), reads };
}

function httpApp(dynamodb: AwsJsonApi, tableName: string) {
  const clock = createTestClock(T0);
  const log = createMemoryLogger();
  const recorded: NewJob[] = [];
  const app = composeHttpApp({
    signingSecret: SIGNING_SECRET,
    responseUrlOrigins: ['https://hooks.slack.com'],
    dynamodb,
    tableName,
    clock,
    log,
    afterEnqueue: (job) => recorded.push(job),
  });
  const deliver = async (body: string, signature?: string) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'polytomic-signature': signature }),
    };
    const response = await app.request('/polytomic/events', { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const levels = () =>
    log.lines
      .filter((line) => line.level !== 'DEBUG' && line.level !== 'INFO')
      .map((line) => [line.level, line.message, line.reason]);
  return { clock, log, recorded, deliver, levels };
}

describe('webhook deliveries against the stored secrets', () => {
  let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
  beforeEach(async () => {
    table = await dynamoDbLocal.open();
  });
  afterEach(async () => table.close());
  const store = () => createDynamoWebhookStore(table.client, table.tableName);

  it('accepts a secret set up after a delivery was refused, without waiting for a cache to expire', async () => {
    const h = httpApp(table.dynamodb, table.tableName);
    expect((await h.deliver(failedRun('e1'), sign('new-secret', failedRun('e1')))).status).toBe(401);
    await store().put(webhook('new-secret'));
    h.clock.advance(WEBHOOK_SECRET_READS.minGapMs);
    expect(await h.deliver(failedRun('e1'), sign('new-secret', failedRun('e1')))).toEqual({
      status: 200,
      body: { ok: true, duplicate: false },
    });
    expect(h.recorded.map((job) => job.summary)).toEqual(['sync.failed Orders']);
  });

  it('accepts a rotated secret at once, and the one it replaced only for a while after the rotation', async () => {
    const h = httpApp(table.dynamodb, table.tableName);
    await store().put(webhook('old'));
    expect((await h.deliver(failedRun('e1'), sign('old', failedRun('e1')))).status).toBe(200);
    h.clock.advance(WEBHOOK_SECRET_READS.minGapMs);
    await store().put(webhook('new', { previousSecret: 'old', createdAt: h.clock.now() }));
    expect((await h.deliver(failedRun('e2'), sign('new', failedRun('e2')))).status).toBe(200);
    expect((await h.deliver(failedRun('e3'), sign('old', failedRun('e3')))).status).toBe(200);
    h.clock.advance(PREVIOUS_SECRET_MS);
    expect((await h.deliver(failedRun('e4'), sign('old', failedRun('e4')))).status).toBe(401);
    expect((await h.deliver(failedRun('e5'), sign('new', failedRun('e5')))).status).toBe(200);
  });

  it('stops accepting a secret replaced in the store within a minute, though it still matches what was read', async () => {
    const h = httpApp(table.dynamodb, table.tableName);
    await store().put(webhook('leaked'));
    expect((await h.deliver(failedRun('e1'), sign('leaked', failedRun('e1')))).status).toBe(200);
    await store().put(webhook('replacement', { createdAt: T0 - PREVIOUS_SECRET_MS }));
    h.clock.advance(WEBHOOK_SECRET_READS.maxAgeMs);
    expect((await h.deliver(failedRun('e2'), sign('leaked', failedRun('e2')))).status).toBe(401);
  });

  it('refuses unsigned and forged deliveries with 401 and a warning, reading the store at most once per 5 seconds', async () => {
    const { dynamodb, reads } = countingReads(table.endpoint);
    const h = httpApp(dynamodb, table.tableName);
    await store().put(webhook('the-secret'));
    const before = reads.count;
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      statuses.add((await h.deliver(failedRun(`u${i}`))).status);
      statuses.add((await h.deliver(failedRun(`f${i}`), sign('guessed', failedRun(`f${i}`)))).status);
    }
    expect(statuses).toEqual(new Set([401]));
    expect(reads.count - before).toBe(1);
    h.clock.advance(WEBHOOK_SECRET_READS.minGapMs);
    for (let i = 0; i < 10; i++) await h.deliver(failedRun(`g${i}`), sign('guessed', failedRun(`g${i}`)));
    expect(reads.count - before).toBe(2);
    expect(h.recorded).toEqual([]);
    expect(new Set(h.levels().map(([level, message, reason]) => `${level} ${message} ${reason}`))).toEqual(
      new Set(['WARN polytomic event refused unsigned', 'WARN polytomic event refused bad_signature']),
    );
  });
});

describe('webhook deliveries while the store does not answer', () => {
  let requests = 0;
  let server: ReturnType<typeof createServer>;
  let dynamodb: AwsJsonApi;
  beforeEach(async () => {
    requests = 0;
    // Takes each request and never answers, as a DynamoDB endpoint that hangs.
    server = createServer(() => {
      requests++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dynamodb = createAwsJsonApi(
      'dynamodb',
      localDynamoAccess(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers 503 within about a second, at WARN, so Polytomic delivers again; the next deliveries do not wait on it again', async () => {
    const h = httpApp(dynamodb, 'polytomic-slack');
    const started = performance.now();
    expect(await h.deliver(failedRun('e1'), sign('any', failedRun('e1')))).toEqual({
      status: 503,
      body: { error: 'webhook_secrets_unavailable' },
    });
    expect(performance.now() - started).toBeLessThan(WEBHOOK_SECRET_READS.deadlineMs + 500);

    const again = performance.now();
    for (let i = 0; i < 20; i++)
      expect((await h.deliver(failedRun(`e${i}`), sign('any', failedRun(`e${i}`)))).status).toBe(503);
    expect(performance.now() - again).toBeLessThan(500);
    expect(requests).toBeLessThanOrEqual(1);
    expect(new Set(h.levels().map(([level, message]) => `${level} ${message}`))).toEqual(
      new Set([
        'WARN polytomic event not checked: the webhook secrets could not be read, so Polytomic is asked to deliver it again',
      ]),
    );
  });

  it('refuses an unsigned delivery with 401 without asking the store at all', async () => {
    const h = httpApp(dynamodb, 'polytomic-slack');
    expect((await h.deliver(failedRun('e1'))).status).toBe(401);
    expect(requests).toBe(0);
  });
});
