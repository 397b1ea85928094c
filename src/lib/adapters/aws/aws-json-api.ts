import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AppError } from '../../errors.js';
import type { AwsCredentials } from './sigv4.js';
import { signRequest } from './sigv4.js';

type Env = Record<string, string | undefined>;

/** The two AWS JSON APIs called without the SDK; each has its own target prefix and JSON dialect. */
export type AwsJsonService = 'dynamodb' | 'ssm';

const PROTOCOLS: Record<AwsJsonService, { target: string; contentType: string }> = {
  dynamodb: { target: 'DynamoDB_20120810', contentType: 'application/x-amz-json-1.0' },
  ssm: { target: 'AmazonSSM', contentType: 'application/x-amz-json-1.1' },
};

/** Who signs, where, and how long an attempt may take; `endpoint` replaces AWS's (DynamoDB Local, a stand-in). */
export interface AwsAccess {
  region: string;
  credentials: AwsCredentials | undefined;
  endpoint?: string;
  /** Per attempt; the caller's signal bounds the whole call, retries included. */
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  /** How a signed request travels; tests wrap `httpTransport` to count calls. */
  transport?: Transport;
}

interface SignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

interface Answer {
  status: number;
  /** A response header, by lower-case name. */
  header(name: string): string | undefined;
  text: string;
}

export type Transport = (request: SignedRequest, signal: AbortSignal) => Promise<Answer>;

/** An AWS API call that failed: `code` is AWS's error code (`ThrottlingException`), or `TimeoutError` / `NetworkError`. */
export class AwsCallError extends AppError {
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(code: string, message: string, options: { status?: number; retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable;
  }
}

/** One operation of an AWS JSON API: `call('PutItem', input)` → the parsed answer, or an `AwsCallError`. */
export interface AwsJsonApi {
  call<T>(operation: string, input: object, options?: { signal?: AbortSignal }): Promise<T>;
}

// The codes AWS documents as "retry with backoff" for these two APIs; every other 4xx is final.
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/**
 * One AWS JSON API, signed and sent without the SDK, for the acknowledgement's cold start (ARCHITECTURE,
 * "The acknowledgement's own AWS path"). Retries throttling, 5xx, timeouts and refused connections with jittered
 * backoff, as the SDK's standard mode does, but never past the caller's signal.
 */
export function createAwsJsonApi(service: AwsJsonService, access: AwsAccess): AwsJsonApi {
  const { target, contentType } = PROTOCOLS[service];
  const url = new URL(access.endpoint ?? `https://${service}.${access.region}.amazonaws.com/`);
  const attemptTimeoutMs = access.attemptTimeoutMs ?? 1_500;
  const maxAttempts = access.maxAttempts ?? 3;
  const transport = access.transport ?? httpTransport;

  const attempt = async (operation: string, body: string, signal: AbortSignal | undefined) => {
    if (!access.credentials) {
      throw new AwsCallError('CredentialsMissing', `${service} ${operation}: no AWS credentials in the environment`, {
        retryable: false,
      });
    }
    const headers = signRequest({
      url,
      headers: { 'content-type': contentType, 'x-amz-target': `${target}.${operation}` },
      body,
      service,
      region: access.region,
      credentials: access.credentials,
    });
    const deadline = AbortSignal.timeout(attemptTimeoutMs);
    let answer: Answer;
    try {
      answer = await transport({ url, headers, body }, signal ? AbortSignal.any([signal, deadline]) : deadline);
    } catch (cause) {
      throw transportError(service, operation, cause, signal);
    }
    if (answer.status < 200 || answer.status >= 300) throw answeredError(service, operation, answer);
    try {
      return answer.text === '' ? {} : JSON.parse(answer.text);
    } catch {
      // JSON.parse quotes what it could not read, and an answer may hold a secret: say only that it was unreadable.
      throw new AwsCallError('MalformedResponse', `${service} ${operation}: ${answer.status} answer is not JSON`, {
        status: answer.status,
        retryable: false,
      });
    }
  };

  return {
    async call<T>(operation: string, input: object, options: { signal?: AbortSignal } = {}): Promise<T> {
      const body = JSON.stringify(input);
      for (let tries = 1; ; tries++) {
        try {
          return (await attempt(operation, body, options.signal)) as T;
        } catch (error) {
          if (!(error instanceof AwsCallError) || !error.retryable || tries >= maxAttempts) throw error;
          // A deadline that passes while waiting to retry ends the call with what AWS last said (throttled, 500).
          if (!(await backoff(tries, THROTTLED.has(error.code) ? 500 : 100, options.signal))) throw error;
        }
      }
    },
  };
}

// Kept-alive connections, as the SDK keeps them: a warm function reuses its connection to DynamoDB.
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/**
 * node:http(s), not `fetch`: Node loads its fetch implementation on first use, ~100 ms of a cold start on this
 * machine (README "Benchmarks"), where node:http is already loaded.
 */
export const httpTransport: Transport = ({ url, headers, body }, signal) =>
  new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: url.protocol === 'https:' ? AGENTS['https:'] : AGENTS['http:'],
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            header: (name) => [response.headers[name] ?? []].flat()[0],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });

/** Lambda's environment: the role's credentials (session token included) and `AWS_REGION`; `endpoint` overrides AWS's. */
export function awsAccessFromEnv(env: Env, options: { endpoint?: string; attemptTimeoutMs?: number } = {}): AwsAccess {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined }
        : undefined,
    endpoint: options.endpoint,
    attemptTimeoutMs: options.attemptTimeoutMs,
  };
}

/**
 * A DynamoDB on this machine (DynamoDB Local, dynalite), signed as `createDynamoClient` signs for it: DynamoDB Local
 * keeps tables per access key and region, so the acknowledgement must sign as the worker's SDK client does.
 */
export function localDynamoAccess(endpoint: string, env: Env = process.env): AwsAccess {
  return {
    region: env.AWS_REGION ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint,
  };
}

function transportError(service: string, operation: string, cause: unknown, signal: AbortSignal | undefined) {
  // The caller's own deadline ends the call; an attempt's deadline is one more reason to try again.
  if (signal?.aborted) {
    return new AwsCallError('TimeoutError', `${service} ${operation}: abandoned at the caller's deadline`, {
      retryable: false,
      cause,
    });
  }
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new AwsCallError(
    timedOut ? 'TimeoutError' : 'NetworkError',
    `${service} ${operation}: ${timedOut ? 'no answer in time' : 'could not connect'}`,
    { retryable: true, cause },
  );
}

function answeredError(service: string, operation: string, answer: Answer): AwsCallError {
  let body: { __type?: string; message?: string; Message?: string } = {};
  try {
    body = JSON.parse(answer.text);
  } catch {
    // A proxy's HTML error page: the status alone says what happened.
  }
  // `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → the part after '#'.
  const code = (answer.header('x-amzn-errortype') ?? body.__type ?? `Http${answer.status}`)
    .split(':')[0]!
    .split('#')
    .at(-1)!;
  const status = answer.status;
  const retryable = status >= 500 || status === 429 || THROTTLED.has(code);
  return new AwsCallError(code, `${service} ${operation}: ${status} ${code}: ${body.message ?? body.Message ?? ''}`, {
    status,
    retryable,
  });
}

/** Full-jitter exponential backoff; false, at once, when the caller's signal fires first. */
function backoff(tries: number, baseMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  const ms = Math.random() * Math.min(20_000, baseMs * 2 ** tries);
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
