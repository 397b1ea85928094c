import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { awsAccessFromEnv, createAwsJsonApi } from '../../../src/lib/adapters/aws/aws-json-api.js';
import { composeHttpApp } from '../../../src/lib/compose/http.js';
import { createMemoryLogger } from '../../../src/lib/log.js';
import { createTestClock } from '../../support/clock.js';
import type { FakeAwsOptions } from '../../support/fake-aws.js';
import { awsError, createFakeAwsJsonApi, LAMBDA_ENV, role } from '../../support/fake-aws.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback } from '../../support/servers.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../../support/slack-requests.js';

const NOT_RECORDED =
  ":warning: I couldn't record your request just now, so it may not happen. If nothing arrives within a minute, please try again.";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The HTTP app as deployed (credentials from `env`), its DynamoDB a fake over real HTTP that checks signatures and answers with `answer`. */
async function ackWith(answer: FakeAwsOptions['answer'], env: Record<string, string> = LAMBDA_ENV) {
  const fake = createFakeAwsJsonApi({ credentials: role, region: 'eu-west-1', service: 'dynamodb', answer });
  const server = await serveOnLoopback(fake.app);
  servers.push(server);
  const clock = createTestClock();
  const log = createMemoryLogger();
  const app = composeHttpApp({
    signingSecret: SIGNING_SECRET,
    responseUrlOrigins: ['https://hooks.slack.com'],
    dynamodb: createAwsJsonApi('dynamodb', awsAccessFromEnv(env, { endpoint: server.origin })),
    tableName: 'polytomic-slack',
    clock,
    log,
  });
  const status = async () => {
    const body = commandBody({ text: 'status orders', responseUrl: 'https://hooks.slack.com/commands/T0/1/abc' });
    const started = performance.now();
    const response = await app.request('/slack/events', {
      method: 'POST',
      headers: signedHeaders(body, clock.now()),
      body,
    });
    return { ms: performance.now() - started, text: ((await response.json()) as { text: string }).text };
  };
  const errors = () => log.lines.filter((line) => line.level === 'ERROR').map((line) => [line.message, line.error]);
  return { status, errors, log, requests: fake.requests };
}

describe('the acknowledgement when DynamoDB fails, through the signed path (no SDK)', () => {
  it('records the job after a throttled attempt, and says it is looking', async () => {
    const ack = await ackWith(({ n }) =>
      n === 1 ? awsError(400, 'com.amazonaws.dynamodb.v20120810#ThrottlingException') : Response.json({}),
    );
    expect((await ack.status()).text).toContain('Looking up');
    expect(ack.requests.map((r) => r.target)).toEqual(['DynamoDB_20120810.PutItem', 'DynamoDB_20120810.PutItem']);
    expect(ack.errors()).toEqual([]);
  });

  it('tells the person within 3 s when DynamoDB keeps throttling or failing, and logs the AWS error code', async () => {
    for (const [status, type, code] of [
      [400, 'com.amazonaws.dynamodb.v20120810#ThrottlingException', 'ThrottlingException'],
      [500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'InternalServerError'],
    ] as const) {
      const ack = await ackWith(() => awsError(status, type, 'try again'));
      const answer = await ack.status();
      expect(answer.text).toBe(NOT_RECORDED);
      expect(answer.ms).toBeLessThan(3_000);
      expect(ack.errors()).toEqual([
        [
          'job could not be recorded',
          { name: 'AwsCallError', code, message: `dynamodb PutItem: ${status} ${code}: try again` },
        ],
      ]);
    }
  });

  it('refused credentials are logged by code, and no credential or secret is in any log line', async () => {
    const wrongRole = await ackWith(() => Response.json({}), { ...LAMBDA_ENV, AWS_SECRET_ACCESS_KEY: 'rotated-away' });
    expect((await wrongRole.status()).text).toBe(NOT_RECORDED);
    expect(wrongRole.errors()).toEqual([
      [
        'job could not be recorded',
        {
          name: 'AwsCallError',
          code: 'InvalidSignatureException',
          message:
            'dynamodb PutItem: 403 InvalidSignatureException: The request signature we calculated does not match the signature you provided.',
        },
      ],
    ]);
    const logged = JSON.stringify(wrongRole.log.lines);
    for (const secret of [...Object.values(LAMBDA_ENV).slice(1), 'rotated-away', SIGNING_SECRET])
      expect(logged).not.toContain(secret);
  });
});
