import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigningInput {
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-security-token; lower-case names. */
  headers: Record<string, string>;
  body: string;
  service: string;
  region: string;
  credentials: AwsCredentials;
  /** `20261203T160000Z`; now when absent. */
  datetime?: string;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * AWS Signature Version 4 for a POST to a JSON API, with node:crypto: the headers to send (the given ones, plus
 * x-amz-date, the session token and authorization). aws4fetch signs the same way but needs `Headers` and
 * WebCrypto, whose first use loads Node's fetch implementation: ~35 ms of a cold start (ARCHITECTURE). Tests
 * check every signature against aws4fetch's.
 */
export function signRequest(input: SigningInput): Record<string, string> {
  const datetime = input.datetime ?? new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = datetime.slice(0, 8);
  const { accessKeyId, secretAccessKey, sessionToken } = input.credentials;
  const headers: Record<string, string> = {
    ...input.headers,
    'x-amz-date': datetime,
    ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
  };
  const signed: Record<string, string> = { ...headers, host: input.url.host };
  const names = Object.keys(signed)
    .filter((name) => name !== 'content-type' && name !== 'content-length')
    .sort();
  const canonicalRequest = [
    'POST',
    input.url.pathname,
    '',
    ...names.map((name) => `${name}:${signed[name]!.trim().replace(/\s+/g, ' ')}`),
    '',
    names.join(';'),
    sha256(input.body),
  ].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  let key = hmac(`AWS4${secretAccessKey}`, day);
  for (const part of [input.region, input.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', datetime, scope, sha256(canonicalRequest)].join('\n'))
    .digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
