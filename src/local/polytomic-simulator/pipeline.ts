// What every /api request goes through before a route: call log, latency, faults, auth, idempotency.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { errorBody, sleep, waitForAbort } from './support.js';

export const DEFAULT_API_VERSION = '2025-09-18';

/** A queued failure for the next matching request (see PolytomicSimulator.failNext). */
export interface Fault {
  /** A prefix of the pathname, or a RegExp tested against it; absent matches every path. */
  path?: string | RegExp;
  method?: string;
  status: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Answer 200 with truncated, non-JSON text. */
  malformed?: boolean;
  /** How many matching requests this fault answers; default 1. */
  times?: number;
  /** Never answer; settles only when the request's AbortSignal fires. */
  hang?: boolean;
}

export interface SimulatorCall {
  method: string;
  /** Pathname plus query string. */
  path: string;
  /** The status answered; 0 while in flight or when the caller gave up (hang, abort). */
  status: number;
  idempotencyKey?: string;
  /** The X-Polytomic-Version the caller sent, if any. */
  version?: string;
  /** The simulator clock when the request arrived. */
  at: number;
}

interface StoredOutcome {
  status: number;
  body: string;
  headers: Array<[string, string]>;
}

export interface PipelineDeps {
  apiKey: string;
  now: () => number;
  latencyMs: () => number;
  faults: Fault[];
  calls: SimulatorCall[];
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,255}$/;

/** The middleware that makes the simulator behave like the real edge of the API. */
export function createPipeline(deps: PipelineDeps): MiddlewareHandler {
  const outcomes = new Map<string, StoredOutcome | 'pending'>();
  return async (c, next) => {
    const call = recordCall(c, deps);
    await sleep(deps.latencyMs(), c.req.raw.signal);
    const response = await respond(c, next, deps, outcomes);
    response.headers.set('X-Polytomic-Version', c.req.header('x-polytomic-version') ?? DEFAULT_API_VERSION);
    call.status = response.status;
    return response;
  };
}

function recordCall(c: Context, deps: PipelineDeps): SimulatorCall {
  const url = new URL(c.req.url);
  const key = c.req.header('idempotency-key');
  const version = c.req.header('x-polytomic-version');
  const call: SimulatorCall = {
    method: c.req.method,
    path: url.pathname + url.search,
    status: 0,
    ...(key !== undefined ? { idempotencyKey: key } : {}),
    ...(version !== undefined ? { version } : {}),
    at: deps.now(),
  };
  deps.calls.push(call);
  return call;
}

async function respond(
  c: Context,
  next: Next,
  deps: PipelineDeps,
  outcomes: Map<string, StoredOutcome | 'pending'>,
): Promise<Response> {
  const fault = takeFault(deps.faults, c.req.method, new URL(c.req.url).pathname);
  if (fault) return faultResponse(fault, c.req.raw.signal);
  if (!matchesBearer(c.req.header('authorization'), deps.apiKey)) {
    return jsonResponse(401, errorBody(401, 'unauthorized: missing or invalid API key'));
  }
  const key = c.req.header('idempotency-key');
  if (c.req.method === 'POST' && key !== undefined) return idempotent(key, c, next, outcomes);
  await next();
  return c.res;
}

// The scheme name is case-insensitive (RFC 7235); the token is not.
function matchesBearer(header: string | undefined, apiKey: string): boolean {
  const match = /^bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1] === apiKey;
}

/** Removes and returns the first queued fault matching this request, honouring `times`. */
export function takeFault(faults: Fault[], method: string, pathname: string): Fault | undefined {
  const index = faults.findIndex((f) => faultMatches(f, method, pathname));
  const fault = faults[index];
  if (!fault) return undefined;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining <= 0) faults.splice(index, 1);
  else faults[index] = { ...fault, times: remaining };
  return fault;
}

function faultMatches(fault: Fault, method: string, pathname: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? pathname.startsWith(fault.path) : fault.path.test(pathname);
}

async function faultResponse(fault: Fault, signal: AbortSignal): Promise<Response> {
  if (fault.hang) return waitForAbort(signal);
  if (fault.malformed) {
    return new Response('{"data": ', { status: 200, headers: { 'Content-Type': 'application/json' } });
  }
  const response = jsonResponse(fault.status, fault.body ?? errorBody(fault.status, faultMessage(fault.status)));
  if (fault.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(fault.retryAfterSeconds));
  return response;
}

function faultMessage(status: number): string {
  const messages: Record<number, string> = {
    400: 'bad request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not found',
    409: 'conflict',
    422: 'cache refresh in progress',
    429: 'rate limit exceeded, retry later',
    500: 'internal server error',
    502: 'bad gateway',
    503: 'service unavailable',
    504: 'gateway timeout',
  };
  return messages[status] ?? `simulated failure (${status})`;
}

// First outcome wins and is replayed byte for byte, including errors; a concurrent repeat gets 409.
async function idempotent(
  key: string,
  c: Context,
  next: Next,
  outcomes: Map<string, StoredOutcome | 'pending'>,
): Promise<Response> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    return jsonResponse(
      400,
      errorBody(400, 'invalid Idempotency-Key: use 8-255 characters of A-Z, a-z, 0-9, "_" and "-"'),
    );
  }
  const stored = outcomes.get(key);
  if (stored === 'pending') {
    return jsonResponse(409, errorBody(409, 'a request with this Idempotency-Key is already in progress'));
  }
  if (stored) return replay(stored);
  outcomes.set(key, 'pending');
  try {
    await next();
  } catch (error) {
    outcomes.delete(key);
    throw error;
  }
  const response = c.res;
  const body = await response.clone().text();
  outcomes.set(key, { status: response.status, body, headers: [...response.headers] });
  return response;
}

function replay(stored: StoredOutcome): Response {
  const headers = new Headers(stored.headers);
  headers.set('Idempotent-Replayed', 'true');
  const nullBody = [204, 205, 304].includes(stored.status);
  return new Response(nullBody ? null : stored.body, { status: stored.status, headers });
}

/** A JSON response built outside a route (before Hono's context helpers apply). */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
