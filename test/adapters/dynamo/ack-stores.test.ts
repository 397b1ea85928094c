import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecorder, WebhookReader } from '../../../src/lib/adapters/aws/ack-stores.js';
import { createAckJobRecorder, createAckWebhookReader } from '../../../src/lib/adapters/aws/ack-stores.js';
import { fromItem, toItem } from '../../../src/lib/adapters/dynamo/attribute-values.js';
import { createDynamoJobStore } from '../../../src/lib/adapters/dynamo/job-store.js';
import { createDynamoWebhookStore } from '../../../src/lib/adapters/dynamo/webhook-store.js';
import { DEFAULT_TIMING } from '../../../src/lib/core/timing.js';
import type { NewJob } from '../../../src/lib/schemas/items.js';
import type { OpenTable } from '../../support/dynamo.js';
import { engines } from '../../support/dynamo.js';
import { newJob as baseJob, JOB_T0 as T0 } from '../../support/jobs.js';

const newJob = (id: string, overrides: Partial<NewJob> = {}): NewJob =>
  baseJob(id, { origin: 'https://bot.example', ...overrides });
const WEBHOOK = {
  webhookId: 'w1',
  endpoint: 'https://bot.example/polytomic/events',
  secret: 'current-secret',
  previousSecret: 'previous-secret',
  createdBy: 'U0ADMIN',
  createdAt: T0,
};

/** The two implementations of what the acknowledgement needs: the worker's SDK stores, and its own signed path (no SDK). */
const implementations: { name: string; make(table: OpenTable): { jobs: JobRecorder; webhooks: WebhookReader } }[] = [
  {
    name: 'the SDK stores',
    make: (t) => ({
      jobs: createDynamoJobStore(t.client, t.tableName),
      webhooks: createDynamoWebhookStore(t.client, t.tableName),
    }),
  },
  {
    name: 'the signed path (no SDK)',
    make: (t) => ({
      jobs: createAckJobRecorder(t.dynamodb, t.tableName),
      webhooks: createAckWebhookReader(t.dynamodb, t.tableName),
    }),
  },
];
const cases = engines.flatMap((engine) =>
  implementations.map((impl) => ({ engine, impl, name: `${impl.name} on ${engine.name}` })),
);

describe.each(cases)('the acknowledgement’s stores: $name', ({ engine, impl }) => {
  let table: OpenTable;
  let ack: ReturnType<(typeof implementations)[number]['make']>;
  beforeEach(async () => {
    table = await engine.open();
    ack = impl.make(table);
  });
  afterEach(async () => table.close());
  const raw = async (pk: string, sk: string) =>
    unmarshall(
      (await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: marshall({ pk, sk }) }))).Item!,
    );

  it('records a job once; the same id again is a duplicate (the failed condition) and changes nothing', async () => {
    expect(await ack.jobs.create(newJob('a'))).toBe('created');
    expect(await ack.jobs.create(newJob('a', { summary: 'other' }))).toBe('duplicate');
    const worker = createDynamoJobStore(table.client, table.tableName);
    expect(await worker.get('a')).toEqual({
      ...newJob('a'),
      status: 'pending',
      attempts: 0,
      version: 0,
      dueAt: T0,
    });
    expect(await raw('JOB#a', 'JOB')).toMatchObject({
      activeKind: 'JOB',
      expiresAt: Math.floor(T0 / 1000) + 30 * 86_400,
    });
  });

  it("writes the very item the worker's store writes, which the worker then claims and the poller lists as due", async () => {
    await ack.jobs.create(newJob('b'));
    await createDynamoJobStore(table.client, table.tableName).create(newJob('reference'));
    const { pk: _a, id: _b, ...written } = await raw('JOB#b', 'JOB');
    const { pk: _c, id: _d, ...reference } = await raw('JOB#reference', 'JOB');
    expect(written).toEqual(reference);
    const worker = createDynamoJobStore(table.client, table.tableName);
    expect(await worker.listDue(T0, 10)).toEqual(expect.arrayContaining(['b', 'reference']));
    expect(await worker.claim('b', T0, T0 + DEFAULT_TIMING.jobLeaseMs)).toMatchObject({
      status: 'running',
      attempts: 1,
    });
  });

  it('abandons the write when its signal has fired', async () => {
    await expect(ack.jobs.create(newJob('c'), { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(await createDynamoJobStore(table.client, table.tableName).get('c')).toBeUndefined();
  });

  it('reads no webhook secrets before any are set up, then the current and the previous one', async () => {
    expect(await ack.webhooks.get()).toBeUndefined();
    await createDynamoWebhookStore(table.client, table.tableName).put(WEBHOOK);
    expect(await ack.webhooks.get()).toEqual(WEBHOOK);
  });

  it('refuses a stored webhook item that lost its secret rather than accept deliveries without one', async () => {
    const { secret: _secret, ...withoutSecret } = WEBHOOK;
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: marshall({ pk: 'CONFIG#WEBHOOK', sk: 'CURRENT', ...withoutSecret }),
      }),
    );
    await expect(ack.webhooks.get()).rejects.toThrow();
  });
});

describe("DynamoDB's JSON encoding without the SDK", () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
      fc.array(tie('value'), { maxLength: 4 }),
      tie('object'),
    ),
    object: fc.dictionary(
      // The SDK's marshall takes an object with its own `constructor` key for a class instance; no item has one.
      fc.string({ minLength: 1 }).filter((key) => key !== '__proto__' && key !== 'constructor'),
      fc.option(tie('value'), { nil: undefined }),
      { maxKeys: 4 },
    ),
  }));

  it("encodes as the SDK's marshall does, undefined attributes left out, and decodes as its unmarshall does", () => {
    fc.assert(
      fc.property(json.object, (item) => {
        const encoded = toItem(item);
        expect(encoded).toEqual(marshall(item, { removeUndefinedValues: true }));
        expect(fromItem(encoded)).toEqual(unmarshall(encoded));
      }),
    );
  });
});
