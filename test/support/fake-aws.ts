import { createHash, createHmac } from 'node:crypto';
import { Hono } from 'hono';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export interface FakeAwsOptions {
  /** The one key pair (and session token) the fake accepts, as IAM would for the function's role. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  /** Answers a correctly signed call; `n` counts calls from 1. */
  answer(call: { target: string; body: unknown; n: number }): Response | Promise<Response>;
}

/**
 * An AWS JSON API endpoint over real HTTP that checks SigV4 itself (an implementation written from AWS's
 * specification, independent of aws4fetch) and refuses as AWS does: an unknown key id, a wrong signature, a
 * missing or wrong session token. Every request is logged, signed or not.
 */
export function createFakeAwsJsonApi(options: FakeAwsOptions) {
  const requests: { target: string; signed: boolean }[] = [];
  let n = 0;
  const app = new Hono();
  app.post('/', async (c) => {
    const body = await c.req.text();
    const target = c.req.header('x-amz-target') ?? '';
    const refusal = checkSignature(c.req.raw, body, options);
    requests.push({ target, signed: refusal === undefined });
    if (refusal)
      return c.json({ __type: `com.amazon.coral.service#${refusal.code}`, message: refusal.message }, refusal.status);
    n++;
    return options.answer({ target, body: JSON.parse(body), n });
  });
  return { app, requests };
}

/** AWS's JSON error body, as DynamoDB and SSM send it. */
export const awsError = (status: number, type: string, message = '') =>
  new Response(JSON.stringify({ __type: type, message }), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
  });

function checkSignature(
  request: Request,
  body: string,
  { credentials, region, service }: FakeAwsOptions,
): { status: 400 | 403; code: string; message: string } | undefined {
  const authorization = request.headers.get('authorization') ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match)
    return {
      status: 400,
      code: 'MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    };
  const [, keyId, day, signedRegion, signedService, signedHeaders, signature] = match as unknown as string[];
  if (
    keyId !== credentials.accessKeyId ||
    request.headers.get('x-amz-security-token') !== (credentials.sessionToken ?? null)
  )
    return {
      status: 400,
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  const datetime = request.headers.get('x-amz-date') ?? '';
  const url = new URL(request.url);
  const headers = signedHeaders!.split(';');
  const canonicalRequest = [
    request.method,
    url.pathname,
    url.search.slice(1),
    ...headers.map((name) => `${name}:${(request.headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    sha256(body),
  ].join('\n');
  const scope = `${day}/${signedRegion}/${signedService}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', datetime, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day!);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  const rightScope = signedRegion === region && signedService === service && datetime.startsWith(day!);
  if (!rightScope || expected !== signature || !headers.includes('host') || !headers.includes('x-amz-date'))
    return {
      status: 403,
      code: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  return undefined;
}

/** What Lambda puts in a function's environment for its role, and those credentials as the signer takes them. */
export const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEY',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
};
export const role = {
  accessKeyId: LAMBDA_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LAMBDA_ENV.AWS_SECRET_ACCESS_KEY,
  sessionToken: LAMBDA_ENV.AWS_SESSION_TOKEN,
};
