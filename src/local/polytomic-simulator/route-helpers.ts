// Shared plumbing for the simulator's route files.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from '../../lib/schemas/zod.js';
import type { EventScope } from './events.js';
import type { SimState } from './state.js';
import { errorBody } from './support.js';

export interface SimContext {
  state: SimState;
  now: () => number;
  refreshDurationMs: number;
  cancelDurationMs: number;
  /** Sequence for manual run ids, shared so ids never repeat within one simulator. */
  nextManualSeq: () => number;
  /** Which executions yield events (SimulatorOptions.events). */
  eventScope: EventScope;
  /** Signs the errored-record links this simulator hands out. */
  fileSecret: string;
}

/** The API's error body with a matching status. */
export function apiError(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json(errorBody(status, message), status);
}

/** `{ data }` with an optional status, the envelope every endpoint uses. */
export function data(c: Context, payload: unknown, status: ContentfulStatusCode = 200): Response {
  return c.json({ data: payload }, status);
}

export function notFound(c: Context, what: string, id: string): Response {
  return apiError(c, 404, `${what} ${id} not found`);
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Parses an optional JSON body (empty means `{}`) against a schema; failures are 400s. */
export async function readBody<T>(c: Context, schema: z.ZodMiniType<T>): Promise<BodyResult<T>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: apiError(c, 400, 'request body is not valid JSON') };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    return { ok: false, response: apiError(c, 400, `invalid request: ${where}: ${issue?.message ?? 'invalid'}`) };
  }
  return { ok: true, value: parsed.data };
}
