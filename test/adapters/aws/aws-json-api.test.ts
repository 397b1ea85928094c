import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsAccess } from '../../../src/lib/adapters/aws/aws-json-api.js';
import { AwsCallError, awsAccessFromEnv, createAwsJsonApi } from '../../../src/lib/adapters/aws/aws-json-api.js';
import type { FakeAwsOptions } from '../../support/fake-aws.js';
import { awsError, createFakeAwsJsonApi, LAMBDA_ENV, role } from '../../support/fake-aws.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback, startSilentServer } from '../../support/servers.js';

const ok = () => Response.json({}, { headers: { 'content-type': 'application/x-amz-json-1.0' } });
const THROTTLED = 'com.amazonaws.dynamodb.v20120810#ThrottlingException';
const PUT = { TableName: 't', Item: { pk: { S: 'JOB#1' }, sk: { S: 'JOB' } } };

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A fake DynamoDB answering with `answer`, and the adapter pointed at it with Lambda's environment. */
async function dynamoAnswering(answer: FakeAwsOptions['answer'], access: Partial<AwsAccess> = {}) {
  const fake = createFakeAwsJsonApi({ credentials: role, region: 'eu-west-1', service: 'dynamodb', answer });
  const server = await serveOnLoopback(fake.app);
  servers.push(server);
  const api = createAwsJsonApi('dynamodb', { ...awsAccessFromEnv(LAMBDA_ENV, { endpoint: server.origin }), ...access });
  return { api, requests: fake.requests };
}

describe('the AWS JSON API adapter (no SDK)', () => {
  it("signs with the role's key, secret and session token from Lambda's environment, which AWS's own check accepts", async () => {
    const { api, requests } = await dynamoAnswering(({ target, body }) => Response.json({ target, body }));
    expect(await api.call('PutItem', PUT)).toEqual({ target: 'DynamoDB_20120810.PutItem', body: PUT });
    expect(requests).toEqual([{ target: 'DynamoDB_20120810.PutItem', signed: true }]);
  });

  it('refuses bad credentials with the AWS error code, at once and without retrying', async () => {
    for (const credentials of [
      { ...role, secretAccessKey: 'not-the-secret' },
      { ...role, sessionToken: undefined },
      { ...role, accessKeyId: 'AKIAUNKNOWN' },
    ]) {
      const { api, requests } = await dynamoAnswering(ok, { credentials });
      const failure = await api.call('PutItem', PUT).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AwsCallError);
      expect(requests).toEqual([{ target: 'DynamoDB_20120810.PutItem', signed: false }]);
      expect([(failure as AwsCallError).code, (failure as AwsCallError).status]).toEqual(
        credentials.accessKeyId === role.accessKeyId && credentials.sessionToken
          ? ['InvalidSignatureException', 403]
          : ['UnrecognizedClientException', 400],
      );
    }
  });

  it('asks nothing and says why when the environment has no credentials', async () => {
    const { api, requests } = await dynamoAnswering(ok, { credentials: undefined });
    await expect(api.call('PutItem', PUT)).rejects.toMatchObject({ code: 'CredentialsMissing' });
    expect(requests).toEqual([]);
  });

  it('retries throttling and answers once DynamoDB lets the call through', async () => {
    const { api, requests } = await dynamoAnswering(({ n }) => (n < 3 ? awsError(400, THROTTLED) : ok()));
    expect(await api.call('PutItem', PUT)).toEqual({});
    expect(requests).toHaveLength(3);
  });

  it('gives up after three attempts with the code of the last answer: throttled, or a 500', async () => {
    for (const [status, type, code] of [
      [400, THROTTLED, 'ThrottlingException'],
      [500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'InternalServerError'],
      [503, 'ServiceUnavailable', 'ServiceUnavailable'],
    ] as const) {
      const { api, requests } = await dynamoAnswering(() => awsError(status, type, 'try later'));
      await expect(api.call('PutItem', PUT)).rejects.toMatchObject({ code, status, retryable: true });
      expect(requests).toHaveLength(3);
    }
  });

  it('retries a 500 once and succeeds', async () => {
    const { api, requests } = await dynamoAnswering(({ n }) => (n === 1 ? awsError(500, 'InternalServerError') : ok()));
    expect(await api.call('GetItem', { TableName: 't', Key: PUT.Item })).toEqual({});
    expect(requests).toHaveLength(2);
  });

  it('does not retry a final answer such as a failed condition or a validation error', async () => {
    const { api, requests } = await dynamoAnswering(() =>
      awsError(
        400,
        'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        'The conditional request failed',
      ),
    );
    await expect(api.call('PutItem', PUT)).rejects.toMatchObject({
      code: 'ConditionalCheckFailedException',
      retryable: false,
    });
    expect(requests).toHaveLength(1);
  });

  it("stops retrying at the caller's deadline, even in the middle of a backoff", async () => {
    const { api } = await dynamoAnswering(() => awsError(400, THROTTLED), { maxAttempts: 50 });
    const started = performance.now();
    const failure = (await api
      .call('PutItem', PUT, { signal: AbortSignal.timeout(300) })
      .catch((e) => e)) as AwsCallError;
    // Almost always in a backoff, ended with what AWS last said; rarely during an attempt, ended as a timeout.
    expect(['ThrottlingException', 'TimeoutError']).toContain(failure.code);
    expect(performance.now() - started).toBeLessThan(600);
  });

  it('abandons a DynamoDB that takes the connection and never answers: each attempt at its deadline, all within the budget', async () => {
    const silent = await startSilentServer();
    servers.push(silent);
    const api = createAwsJsonApi('dynamodb', {
      ...awsAccessFromEnv(LAMBDA_ENV, { endpoint: silent.origin, attemptTimeoutMs: 1_500 }),
    });
    const started = performance.now();
    await expect(api.call('PutItem', PUT, { signal: AbortSignal.timeout(2_000) })).rejects.toMatchObject({
      code: 'TimeoutError',
    });
    expect(performance.now() - started).toBeGreaterThan(1_900);
    expect(performance.now() - started).toBeLessThan(2_300);
  });

  it('tries a refused connection again, then names it', async () => {
    const closed = await startSilentServer();
    await closed.close();
    const api = createAwsJsonApi('dynamodb', awsAccessFromEnv(LAMBDA_ENV, { endpoint: closed.origin }));
    await expect(api.call('PutItem', PUT)).rejects.toMatchObject({ code: 'NetworkError', retryable: true });
  });

  it('names an answer that is not JSON without quoting it, since an answer may hold a secret', async () => {
    const { api } = await dynamoAnswering(
      () => new Response('{"Item":{"secret":{"S":"webhook-secret-value"}', { status: 200 }),
    );
    const failure = (await api.call('GetItem', PUT).catch((error: unknown) => error)) as AwsCallError;
    expect([failure.code, failure.message]).toEqual(['MalformedResponse', 'dynamodb GetItem: 200 answer is not JSON']);
    expect(String(failure.cause)).not.toContain('webhook-secret-value');
  });

  it("keeps secrets out of its errors: no credential, no request body, no answer's value", async () => {
    const { api } = await dynamoAnswering(() => awsError(500, 'InternalServerError', 'boom'), {
      maxAttempts: 1,
    });
    const failure = (await api
      .call('PutItem', { ...PUT, Item: { secret: { S: 'webhook-secret-value' } } })
      .catch((error: unknown) => error)) as AwsCallError;
    const told = JSON.stringify({ message: failure.message, code: failure.code, cause: String(failure.cause) });
    expect(told).toBe(
      JSON.stringify({
        message: 'dynamodb PutItem: 500 InternalServerError: boom',
        code: 'InternalServerError',
        cause: 'undefined',
      }),
    );
  });
});
