import { createHash } from 'node:crypto';
import type { PolytomicApi, StartedExecution } from '../../app/ports/polytomic.js';
import { PolytomicError } from '../../app/ports/polytomic.js';
import { sleep as realSleep } from '../../clock.js';
import type { RunSummary, SyncRef } from '../../core/sync.js';
import type { Log } from '../../log.js';
import * as schema from '../../schemas/polytomic.js';
import { eventSchema } from '../../schemas/polytomic-event.js';
import * as z from '../../schemas/zod.js';
import { codeForStatus } from './errors.js';
import {
  toBulkExecution,
  toBulkStatus,
  toBulkSyncRef,
  toConnection,
  toConsoleLog,
  toModelExecution,
  toModelStatus,
  toModelSyncRef,
  toRecordLogLinks,
  toSchemaStatus,
} from './map.js';

export interface PolytomicClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Deadline of one attempt. */
  timeoutMs?: number;
  /** Extra attempts for GETs that failed transiently (POSTs are never retried here). */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: Log;
  /** Model syncs per page; Polytomic caps it at 50. */
  pageSize?: number;
}

export const POLYTOMIC_API_VERSION = '2025-09-18';
// 100 pages of 50 is 5,000 model syncs: far above any organisation we know, and a guard against a looping token.
const MAX_PAGES = 100;
const MAX_BACKOFF_MS = 5_000;
// Polytomic keeps the latest 50 console log entries of an execution and caps `limit` there.
const CONSOLE_LOG_LIMIT = 50;
// Bulk execution pages hold at most 100; model execution pages take no `limit` (their size is Polytomic's).
const BULK_EXECUTION_PAGE = 100;

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  path: string;
  query?: Record<string, string | undefined>;
  idempotencyKey?: string;
  data: z.ZodMiniType<T>;
  /** For responses whose body is irrelevant (202 Accepted with `{}` or nothing). */
  ignoreBody?: boolean;
}

/** A small typed client: pinned API version, deadlines, GET-only retries, Idempotency-Key on POSTs, zod at the edge. */
export function createPolytomicClient(options: PolytomicClientOptions): PolytomicApi {
  const fetchFn = options.fetch ?? globalThis.fetch;
  // Generous per attempt: this runs in the worker, never in the acknowledgement path.
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? realSleep;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function request<T>(
    spec: RequestSpec<T>,
  ): Promise<{ data: T; pagination?: z.infer<typeof schema.pageSchema> }> {
    const attempts = spec.method === 'GET' ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(spec);
      } catch (error) {
        if (!(error instanceof PolytomicError) || !error.transient || attempt >= attempts) throw error;
        const delay = Math.min(error.retryAfterMs ?? 250 * 2 ** (attempt - 1) * (1 + Math.random()), MAX_BACKOFF_MS);
        options.log?.warn('polytomic request retried', {
          path: spec.path,
          code: error.code,
          attempt,
          delayMs: Math.round(delay),
        });
        await sleep(delay);
      }
    }
  }

  async function attemptOnce<T>(spec: RequestSpec<T>) {
    const url = new URL(baseUrl + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
      'x-polytomic-version': POLYTOMIC_API_VERSION,
    };
    if (spec.method !== 'GET') headers['content-type'] = 'application/json';
    // Idempotency-Key is for POSTs only (Polytomic's guide); PUT is idempotent by nature.
    if (spec.method === 'POST' && spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(url, {
        method: spec.method,
        headers,
        body: spec.method === 'GET' ? undefined : JSON.stringify(spec.body ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new PolytomicError({ code: timedOut ? 'polytomic_timeout' : 'polytomic_unreachable', cause });
    }
    if (!response.ok) throw errorFromResponse(response, text);
    if (spec.ignoreBody) return { data: undefined as T };
    const envelope = z.looseObject({ data: spec.data, pagination: schema.pageSchema });
    const parsed = envelope.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new PolytomicError({
        code: 'polytomic_bad_response',
        httpStatus: response.status,
        detail: `unexpected response from ${spec.path}`,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  async function listModelSyncs(): Promise<SyncRef[]> {
    const refs: SyncRef[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data, pagination } = await request({
        method: 'GET',
        path: '/api/syncs',
        query: { limit: String(options.pageSize ?? 50), page_token: pageToken },
        data: z.array(schema.modelSyncSchema),
      });
      refs.push(...data.map(toModelSyncRef));
      pageToken = pagination?.next_page_token ?? undefined;
      if (!pageToken) return refs;
    }
    options.log?.warn('model sync listing stopped at the page limit', { pages: MAX_PAGES });
    return refs;
  }

  // Pages newest first until `limit` runs; an empty page ends it, so a looping token cannot.
  async function pageExecutions<T>(
    sync: Pick<SyncRef, 'id' | 'kind'>,
    limit: number,
    data: z.ZodMiniType<T[]>,
    toRun: (run: T) => RunSummary,
  ): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    let pageToken: string | undefined;
    do {
      const page = await request({
        method: 'GET',
        path: `${syncPath(sync)}/executions`,
        query: {
          page_token: pageToken,
          limit: sync.kind === 'bulk' ? String(Math.min(BULK_EXECUTION_PAGE, limit - runs.length)) : undefined,
        },
        data,
      });
      runs.push(...page.data.map(toRun));
      pageToken = page.data.length > 0 ? (page.pagination?.next_page_token ?? undefined) : undefined;
    } while (pageToken && runs.length < limit);
    return runs.slice(0, limit);
  }

  async function start(path: string, idempotencyKey: string, body?: unknown): Promise<StartedExecution> {
    const { data } = await request({
      method: 'POST',
      path,
      idempotencyKey,
      body,
      data: z.looseObject({ id: z.nullish(z.string()), status: z.nullish(z.string()) }),
    });
    return { executionId: data.id ?? undefined, status: data.status ?? undefined };
  }

  return {
    async listSyncs() {
      const [model, bulk] = await Promise.all([
        listModelSyncs(),
        request({ method: 'GET', path: '/api/bulk/syncs', data: z.array(schema.bulkSyncSchema) }),
      ]);
      return [...model, ...bulk.data.map(toBulkSyncRef)];
    },
    async getSync(sync) {
      if (sync.kind === 'model')
        return toModelSyncRef(
          (await request({ method: 'GET', path: syncPath(sync), data: schema.modelSyncSchema })).data,
        );
      return toBulkSyncRef((await request({ method: 'GET', path: syncPath(sync), data: schema.bulkSyncSchema })).data);
    },
    async getSyncStatus(sync) {
      if (sync.kind === 'model') {
        return toModelStatus(
          (await request({ method: 'GET', path: `${syncPath(sync)}/status`, data: schema.syncStatusSchema })).data,
        );
      }
      return toBulkStatus(
        (await request({ method: 'GET', path: `${syncPath(sync)}/status`, data: schema.bulkSyncStatusSchema })).data,
      );
    },
    async getExecution(sync, executionId) {
      const path = `${syncPath(sync)}/executions/${encodeURIComponent(executionId)}`;
      if (sync.kind === 'model')
        return toModelExecution((await request({ method: 'GET', path, data: schema.executionSchema })).data);
      return toBulkExecution((await request({ method: 'GET', path, data: schema.bulkExecutionSchema })).data);
    },
    async listExecutions(sync, limit) {
      if (limit <= 0) return [];
      if (sync.kind === 'model') return pageExecutions(sync, limit, z.array(schema.executionSchema), toModelExecution);
      return pageExecutions(sync, limit, z.array(schema.bulkExecutionSchema), toBulkExecution);
    },
    async getConsoleLog(sync, executionId) {
      const { data } = await request({
        method: 'GET',
        path: `${syncPath(sync)}/executions/${encodeURIComponent(executionId)}/consolelog`,
        query: { limit: String(CONSOLE_LOG_LIMIT) },
        data: schema.consoleLogSchema,
      });
      return toConsoleLog(data);
    },
    async getErroredRecords(syncId, executionId) {
      const { data } = await request({
        method: 'GET',
        path: `${syncPath({ id: syncId, kind: 'model' })}/executions/${encodeURIComponent(executionId)}/errors`,
        data: schema.recordLogSchema,
      });
      return toRecordLogLinks(data);
    },
    async setSyncActive(sync, active, idempotencyKey) {
      const { data } = await request({
        method: 'POST',
        path: `${syncPath(sync)}/activate`,
        idempotencyKey,
        body: { active },
        data: schema.activateSchema,
      });
      return data.active ?? undefined;
    },
    async listConnections() {
      const { data } = await request({
        method: 'GET',
        path: '/api/connections',
        data: z.array(schema.connectionSchema),
      });
      return data.map(toConnection);
    },
    async getConnection(id) {
      const { data } = await request({
        method: 'GET',
        path: `/api/connections/${encodeURIComponent(id)}`,
        data: schema.connectionSchema,
      });
      return toConnection(data);
    },
    async refreshSchemas(connectionId, idempotencyKey) {
      await request({
        method: 'POST',
        path: `/api/connections/${encodeURIComponent(connectionId)}/schemas/refresh`,
        idempotencyKey,
        data: z.unknown(),
        ignoreBody: true,
      });
    },
    async getSchemaStatus(connectionId) {
      const { data } = await request({
        method: 'GET',
        path: `/api/connections/${encodeURIComponent(connectionId)}/schemas/status`,
        data: schema.schemaStatusSchema,
      });
      return toSchemaStatus(data);
    },
    async listSchemaNames(connectionId) {
      const { data } = await request({
        method: 'GET',
        path: `/api/connections/${encodeURIComponent(connectionId)}/bulksync/source`,
        query: { include_fields: 'false' },
        data: schema.bulkSourceSchema,
      });
      return (data.schemas ?? []).flatMap((s) => ((s.id ?? s.name) ? [String(s.id ?? s.name)] : []));
    },
    startSync: (sync, idempotencyKey) => start(`${syncPath(sync)}/executions`, idempotencyKey),
    startBulkSchemas: (syncId, schemas, idempotencyKey) =>
      start(`${syncPath({ id: syncId, kind: 'bulk' })}/executions`, idempotencyKey, { schemas }),
    async cancelSync(sync, idempotencyKey) {
      await request({
        method: 'POST',
        path: `${syncPath(sync)}/cancel`,
        idempotencyKey,
        data: z.unknown(),
        ignoreBody: true,
      });
    },
    async listEvents({ startingAfter, limit }) {
      const { data } = await request({
        method: 'GET',
        path: '/api/events',
        query: { starting_after: startingAfter, limit: String(Math.min(100, Math.max(1, limit))) },
        data: z.array(eventSchema),
      });
      return data;
    },
    async listWebhooks() {
      return (await request({ method: 'GET', path: '/api/webhooks', data: z.array(schema.webhookSchema) })).data;
    },
    async saveWebhook({ id, endpoint, secret }) {
      const { data } = await request({
        method: id ? 'PUT' : 'POST',
        path: id ? `/api/webhooks/${encodeURIComponent(id)}` : '/api/webhooks',
        idempotencyKey: id ? undefined : `webhook-${createHash('sha256').update(secret).digest('hex').slice(0, 32)}`,
        body: { endpoint, secret },
        data: schema.webhookSchema,
      });
      return data;
    },
    async getModelSyncSource(connectionId) {
      const { data } = await request({
        method: 'GET',
        path: `/api/connections/${encodeURIComponent(connectionId)}/modelsync/source`,
        data: schema.modelSyncSourceSchema,
      });
      return { configurationKeys: Object.keys(data.configuration ?? {}), requiresOneOf: data.requires_one_of ?? [] };
    },
  };
}

/** Model syncs live under /api/syncs, bulk syncs under /api/bulk/syncs. */
const syncPath = (sync: Pick<SyncRef, 'id' | 'kind'>) =>
  `/api/${sync.kind === 'bulk' ? 'bulk/' : ''}syncs/${encodeURIComponent(sync.id)}`;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(response: Response, text: string): PolytomicError {
  const body = schema.apiErrorSchema.safeParse(parseJson(text));
  const detail = body.success ? body.data.message : undefined;
  return new PolytomicError({
    code: codeForStatus(response.status),
    httpStatus: response.status,
    detail,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  });
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
