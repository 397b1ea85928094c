import { AwsClient } from 'aws4fetch';
import { AppError } from '../../errors.js';

type Env = Record<string, string | undefined>;

/** The two AWS JSON APIs called without the SDK; each has its own target prefix and JSON dialect. */
export type AwsJsonService = 'dynamodb' | 'ssm';

const PROTOCOLS: Record<AwsJsonService, { target: string; contentType: string }> = {
  dynamodb: { target: 'DynamoDB_20120810', contentType: 'application/x-amz-json-1.0' },
  ssm: { target: 'AmazonSSM', contentType: 'application/x-amz-json-1.1' },
};

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Who signs, where, and how long an attempt may take; `endpoint` replaces AWS's (DynamoDB Local, a stand-in). */
export interface AwsAccess {
  region: string;
  credentials: AwsCredentials | undefined;
  endpoint?: string;
  /** Per attempt; the caller's signal bounds the whole call, retries included. */
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  fetch?: typeof fetch;
}

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
 * Signs one AWS JSON API with aws4fetch instead of the SDK, for the acknowledgement's cold start (ARCHITECTURE,
 * "The acknowledgement's own AWS path"). Retries throttling, 5xx, timeouts and refused connections with jittered
 * backoff, as the SDK's standard mode does, but never past the caller's signal.
 */
export function createAwsJsonApi(service: AwsJsonService, access: AwsAccess): AwsJsonApi {
  const { target, contentType } = PROTOCOLS[service];
  const url = access.endpoint ?? `https://${service}.${access.region}.amazonaws.com/`;
  const attemptTimeoutMs = access.attemptTimeoutMs ?? 1_500;
  const maxAttempts = access.maxAttempts ?? 3;
  const send = access.fetch ?? fetch;
  let signer: AwsClient | undefined;

  const attempt = async (operation: string, body: string, signal: AbortSignal | undefined) => {
    if (!access.credentials) {
      throw new AwsCallError('CredentialsMissing', `${service} ${operation}: no AWS credentials in the environment`, {
        retryable: false,
      });
    }
    signer ??= new AwsClient({ ...access.credentials, service, region: access.region, retries: 0 });
    const request = await signer.sign(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-amz-target': `${target}.${operation}` },
      body,
    });
    const deadline = AbortSignal.timeout(attemptTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await send(request, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
      text = await response.text();
    } catch (cause) {
      throw transportError(service, operation, cause, signal);
    }
    if (response.ok) return text === '' ? {} : JSON.parse(text);
    throw answeredError(service, operation, response, text);
  };

  return {
    async call<T>(operation: string, input: object, options: { signal?: AbortSignal } = {}): Promise<T> {
      const body = JSON.stringify(input);
      for (let tries = 1; ; tries++) {
        try {
          return (await attempt(operation, body, options.signal)) as T;
        } catch (error) {
          if (!(error instanceof AwsCallError) || !error.retryable || tries >= maxAttempts) throw error;
          await backoff(tries, THROTTLED.has(error.code) ? 500 : 100, options.signal);
        }
      }
    },
  };
}

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

function answeredError(service: string, operation: string, response: Response, text: string): AwsCallError {
  let body: { __type?: string; message?: string; Message?: string } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // A proxy's HTML error page: the status alone says what happened.
  }
  // `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → the part after '#'.
  const code = (response.headers.get('x-amzn-errortype') ?? body.__type ?? `Http${response.status}`)
    .split(':')[0]!
    .split('#')
    .at(-1)!;
  const status = response.status;
  const retryable = status >= 500 || status === 429 || THROTTLED.has(code);
  return new AwsCallError(code, `${service} ${operation}: ${status} ${code}: ${body.message ?? body.Message ?? ''}`, {
    status,
    retryable,
  });
}

/** Full-jitter exponential backoff that ends early, with the caller's error, when its signal fires. */
function backoff(tries: number, baseMs: number, signal: AbortSignal | undefined): Promise<void> {
  const ms = Math.random() * Math.min(20_000, baseMs * 2 ** tries);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abandoned(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(abandoned(signal!));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

const abandoned = (signal: AbortSignal) =>
  new AwsCallError('TimeoutError', "abandoned at the caller's deadline while waiting to retry", {
    retryable: false,
    cause: signal.reason,
  });
