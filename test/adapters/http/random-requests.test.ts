import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoWebhookStore } from '../../../src/lib/adapters/dynamo/webhook-store.js';
import { MAX_BODY_BYTES } from '../../../src/lib/adapters/http/app.js';
import { composeHttpApp } from '../../../src/lib/compose/http.js';
import { signSlackRequest } from '../../../src/lib/core/slack-signature.js';
import { createMemoryLogger } from '../../../src/lib/log.js';
import type { NewJob } from '../../../src/lib/schemas/items.js';
import { createTestClock } from '../../support/clock.js';
import { dynalite } from '../../support/dynamo.js';
import { SIGNING_SECRET } from '../../support/slack-requests.js';

const SLACK_ORIGIN = 'https://hooks.slack.com';
const WEBHOOK_SECRET = 'fuzz-webhook-secret';
const clock = createTestClock();
const RUNS = 10_000;

// ---- what a request is made of -------------------------------------------------------------------

/** Text as hostile as it gets: form and JSON syntax, control characters, lone surrogates, long runs. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '%',
      '&',
      '=',
      '+',
      '"',
      '{',
      '}',
      '[',
      '\\',
      '\u0000',
      '\n',
      '\ud800',
      '\udfff',
      '<',
      'é',
      'a',
    ),
    maxLength: 60,
  }),
);
const sometimes = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 3 });
/** Mostly what Slack would send, so requests get past validation often enough; else anything. */
const usually = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<T> = nasty as fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: other });
const slackId = usually(fc.constantFrom('T0TEST', 'C0DATA', 'U0ALICE', 'E0GRID', 'A0APP'));
const responseUrl = fc.oneof(
  { weight: 6, arbitrary: fc.constant(`${SLACK_ORIGIN}/commands/T0/1/abc`) },
  fc.constantFrom(
    'http://hooks.slack.com/x',
    'https://hooks.slack.com.evil.example/x',
    'http://169.254.169.254/latest',
    'https://internal.example/hook',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ),
  nasty,
);
const commandText = usually(
  fc.constantFrom(
    'status',
    'status Orders',
    'refresh Salesforce',
    'watch all',
    'webhook setup',
    'help',
    'digest daily 09:00',
    '',
  ),
);

const commandFields = fc.record(
  {
    token: sometimes(nasty),
    command: usually(fc.constant('/polytomic')),
    text: commandText,
    team_id: slackId,
    enterprise_id: sometimes(slackId),
    channel_id: slackId,
    channel_name: sometimes(nasty),
    user_id: slackId,
    user_name: sometimes(nasty),
    response_url: responseUrl,
    trigger_id: usually(fc.uuid()),
    api_app_id: sometimes(slackId),
  },
  // A field missing now and then; mostly all there, so requests reach the job write.
  { requiredKeys: ['command', 'text', 'team_id', 'channel_id', 'user_id', 'trigger_id'] },
);

const action = fc.record(
  {
    type: usually(fc.constant('button')),
    action_id: usually(fc.constantFrom('sync_update', 'sync_start', 'sync_cancel', 'refresh_schema', 'open_sync')),
    block_id: sometimes(nasty),
    action_ts: usually(fc.constant('1700000001.000200')),
    value: sometimes(usually(fc.constantFrom('model:7f6f0a4e-2b0c-4d8e-9d8f-111111111111', 'bulk:x'))),
  },
  { requiredKeys: [] },
);

const buttonPayload = fc.record(
  {
    type: usually(fc.constantFrom('block_actions', 'block_actions', 'view_submission', 'shortcut')),
    token: sometimes(nasty),
    team: fc.oneof(fc.constant(null), fc.record({ id: slackId })),
    user: fc.record({ id: slackId, team_id: sometimes(slackId) }, { requiredKeys: ['id'] }),
    channel: sometimes(fc.record({ id: slackId })),
    container: sometimes(fc.record({ type: fc.constant('message'), message_ts: nasty, is_ephemeral: fc.boolean() })),
    message: sometimes(fc.record({ ts: nasty, text: nasty })),
    actions: fc.array(action, { minLength: 1, maxLength: 3 }),
    response_url: sometimes(responseUrl),
    response_urls: sometimes(fc.array(fc.record({ response_url: responseUrl, action_id: nasty }), { maxLength: 2 })),
    trigger_id: usually(fc.uuid()),
    extra: sometimes(fc.jsonValue({ maxDepth: 3 })),
  },
  { requiredKeys: ['type', 'user', 'actions', 'trigger_id'] },
);

const polytomicEvent = fc.record(
  {
    id: usually(fc.uuid()),
    type: usually(fc.constantFrom('sync.failed', 'sync.completed', 'bulk_sync.completed_with_error', 'sync.running')),
    created_at: usually(fc.constant(new Date(clock.now()).toISOString())),
    event: fc.oneof(
      fc.constant(null),
      fc.record({
        sync_id: sometimes(fc.oneof(fc.uuid(), nasty)),
        sync_name: sometimes(nasty),
        name: sometimes(nasty),
        error: sometimes(nasty),
        record_count: sometimes(fc.oneof(fc.integer(), fc.double())),
      }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: ['id', 'type'] },
);

const form = (fields: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

const slackBody = fc.oneof(
  { weight: 4, arbitrary: commandFields.map(form) },
  { weight: 4, arbitrary: buttonPayload.map((p) => form({ payload: JSON.stringify(p) })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => form({ payload: JSON.stringify(v) })) },
  { weight: 1, arbitrary: nasty.map((v) => form({ payload: v })) },
  { weight: 1, arbitrary: fc.constant('ssl_check=1&token=x') },
);
const polytomicBody = fc.oneof(
  { weight: 6, arbitrary: polytomicEvent.map((e) => JSON.stringify(e)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
);

/** Now and then, a body at, just over or far over the limit. */
const padding = fc.oneof(
  { weight: 30, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_BODY_BYTES - 200, MAX_BODY_BYTES + 1, 300_000) },
);

type Signing =
  | 'slack'
  | 'slack-stale'
  | 'slack-wrong-secret'
  | 'slack-garbage'
  | 'polytomic'
  | 'polytomic-wrong-secret'
  | 'polytomic-garbage'
  | 'none';
// Validly signed about a third of the time: enough to reach the job write often (the slow part of a case).
const slackSigning = fc.constantFrom<Signing>(
  'slack',
  'slack',
  'slack-stale',
  'slack-wrong-secret',
  'slack-garbage',
  'none',
);
const polytomicSigning = fc.constantFrom<Signing>(
  'polytomic',
  'polytomic',
  'polytomic-wrong-secret',
  'polytomic-garbage',
  'none',
);

const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((v) => v.replace(/[\r\n\0]/g, ''));
const extraHeaders = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), headerValue, { maxKeys: 3 });
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  undefined,
);
const route = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('/slack/events', '/polytomic/events') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/healthz', '/slack/events/', '/SLACK/EVENTS', '/nope', '/slack/events?x=1'),
  },
);
const method = fc.oneof(
  { weight: 12, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') },
);

/** Mostly aimed at one route, signed for it or not; sometimes everything mixed up. */
const target = fc.oneof(
  { weight: 4, arbitrary: fc.record({ route: fc.constant('/slack/events'), body: slackBody, signing: slackSigning }) },
  {
    weight: 3,
    arbitrary: fc.record({ route: fc.constant('/polytomic/events'), body: polytomicBody, signing: polytomicSigning }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      route,
      body: fc.oneof(slackBody, polytomicBody, nasty),
      signing: fc.oneof(slackSigning, polytomicSigning),
    }),
  },
);
const request = fc
  .record({ target, method, padding, contentType, extraHeaders })
  .map(({ target: t, ...rest }) => ({ ...t, ...rest }));
type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** The request as sent, and whether it carries a valid signature for the route it goes to. */
function build(r: FuzzRequest): { path: string; init: RequestInit; validlySigned: boolean } {
  const text = r.padding ? `${r.body}&pad=${'p'.repeat(r.padding)}` : r.body;
  const headers: Record<string, string> = {
    ...r.extraHeaders,
    ...(r.contentType ? { 'content-type': r.contentType } : {}),
  };
  const now = Math.floor(clock.now() / 1000);
  const hmac = (secret: string) => createHmac('sha256', secret).update(text).digest('hex');
  switch (r.signing) {
    case 'slack':
      Object.assign(headers, {
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, String(now), text),
      });
      break;
    case 'slack-stale':
      Object.assign(headers, {
        'x-slack-request-timestamp': String(now - 301),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, String(now - 301), text),
      });
      break;
    case 'slack-wrong-secret':
      Object.assign(headers, {
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': signSlackRequest('not-the-secret', String(now), text),
      });
      break;
    case 'slack-garbage':
      Object.assign(headers, { 'x-slack-request-timestamp': r.extraHeaders.x ?? '1e99', 'x-slack-signature': 'v0=' });
      break;
    case 'polytomic':
      headers['polytomic-signature'] = hmac(WEBHOOK_SECRET);
      break;
    case 'polytomic-wrong-secret':
      headers['polytomic-signature'] = hmac('not-the-secret');
      break;
    case 'polytomic-garbage':
      headers['polytomic-signature'] = 'sha256=';
      break;
    case 'none':
      break;
  }
  const path = r.route;
  const { pathname } = new URL(path, 'http://localhost');
  const validlySigned =
    r.method === 'POST' &&
    ((pathname === '/slack/events' && r.signing === 'slack') ||
      (pathname === '/polytomic/events' && r.signing === 'polytomic'));
  return { path, init: { method: r.method, headers, body: r.method === 'GET' ? undefined : text }, validlySigned };
}

// ---- the suite ------------------------------------------------------------------------------------

describe('the HTTP app under random requests', () => {
  let table: Awaited<ReturnType<typeof dynalite.open>>;
  let app: ReturnType<typeof composeHttpApp>;
  const recorded: NewJob[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    table = await dynalite.open();
    await createDynamoWebhookStore(table.client, table.tableName).put({
      webhookId: 'w1',
      endpoint: 'https://bot.example/polytomic/events',
      secret: WEBHOOK_SECRET,
      createdBy: 'U0ADMIN',
      createdAt: clock.now(),
    });
    app = composeHttpApp({
      signingSecret: SIGNING_SECRET,
      responseUrlOrigins: [SLACK_ORIGIN],
      dynamodb: table.dynamodb,
      tableName: table.tableName,
      clock,
      log: createMemoryLogger(),
      afterEnqueue: (job) => recorded.push(job),
    });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await table.close();
  });

  // About 12 s on an idle machine; one shared with other test runs has taken over 30: hence two minutes.
  it(`answers ${RUNS} random requests without a 5xx, records jobs only for signed ones, and keeps no token or foreign response_url`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { path, init, validlySigned } = build(r);
        const before = recorded.length;
        const response = await app.request(path, init);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (!validlySigned) expect(recorded.length).toBe(before);
        for (const job of recorded.slice(before)) expectSafeJob(job);
      }),
      { numRuns: RUNS },
    );
    // Without these the run proves little: the generators must reach acceptance as well as refusal.
    expect(statuses.get(200)).toBeGreaterThan(RUNS / 20);
    expect(recorded.length).toBeGreaterThan(RUNS / 100);
    for (const status of [400, 401, 404, 413]) expect(statuses.get(status), `no ${status} answered`).toBeGreaterThan(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
  }, 120_000);
});

function expectSafeJob(job: NewJob): void {
  expect(job.payload.length).toBeLessThanOrEqual(2 * MAX_BODY_BYTES);
  expect(job.summary.length).toBeLessThanOrEqual(500);
  if (job.kind === 'polytomic_event') return;
  const payload = JSON.parse(job.payload) as {
    token?: unknown;
    response_url?: string;
    response_urls?: { response_url: string }[];
  };
  expect(payload).not.toHaveProperty('token');
  for (const url of [payload.response_url, ...(payload.response_urls ?? []).map((r) => r.response_url)]) {
    if (url !== undefined) expect(new URL(url).origin).toBe(SLACK_ORIGIN);
  }
}
