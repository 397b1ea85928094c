import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIOUS_SECRET_MS, createDynamoWebhookStore, createWebhookSecretReader } from '../../../src/lib/adapters/dynamo/webhook-store.js';
import { createTestClock } from '../../support/clock.js';
import { dynamoDbLocal } from '../../support/dynamo.js';

let table: Awaited<ReturnType<typeof dynamoDbLocal.open>>;
beforeAll(async () => {
  table = await dynamoDbLocal.open();
});
afterAll(async () => table.close());

describe('the webhook secrets the HTTP function accepts', () => {
  it('are the stored secret, and the one it replaced only for a while after the rotation', async () => {
    const clock = createTestClock();
    const store = createDynamoWebhookStore(table.client, table.tableName);
    await store.put({ webhookId: 'w1', endpoint: 'https://bot.example/polytomic/events', secret: 'new', previousSecret: 'old', createdBy: 'U0ALICE', createdAt: clock.now() });
    const secrets = createWebhookSecretReader({ store, now: clock.now, ttlMs: 0 });
    expect(await secrets()).toEqual(['new', 'old']);
    clock.advance(PREVIOUS_SECRET_MS);
    expect(await secrets()).toEqual(['new']);
  });

  it('are only the configured one when a secret is configured', async () => {
    const store = createDynamoWebhookStore(table.client, table.tableName);
    expect(await createWebhookSecretReader({ configured: 'set-by-hand', store, now: Date.now })()).toEqual(['set-by-hand']);
  });
});
