// Model syncs (Reverse ETL): /api/syncs...
import type { Hono } from 'hono';
import * as z from '../../lib/schemas/zod.js';
import { historyPage } from './history.js';
import { renderModelExecution, renderStatus, renderSync, renderSyncListItem } from './render.js';
import { apiError, data, notFound, readBody, type SimContext } from './route-helpers.js';
import { type ModelSyncState, manualDurationMs, manualRun, setActive } from './state.js';
import { findRun, resolveTimeline, viewRun } from './timeline.js';

const MAX_PAGE = 50;
// Polytomic documents no page size (nor a `limit`) for a model sync's executions; a small one makes clients page.
const EXECUTION_PAGE = 8;

const startBody = z.looseObject({
  resync: z.optional(z.boolean()),
  test: z.optional(z.boolean()),
  identities: z.optional(z.array(z.string())),
});

const activateBody = z.looseObject({ active: z.boolean() });

/** Registers the model-sync endpoints on the simulator app. */
export function registerModelSyncRoutes(app: Hono, ctx: SimContext): void {
  const find = (id: string): ModelSyncState | undefined => ctx.state.modelSyncs.get(id.toLowerCase());

  app.get('/api/syncs', (c) => {
    const page = listSyncs(ctx, c.req.query());
    if ('error' in page) return apiError(c, 400, page.error);
    return c.json({ data: page.items, ...(page.nextToken ? { pagination: { next_page_token: page.nextToken } } : {}) });
  });

  app.get('/api/syncs/:id', (c) => {
    const sync = find(c.req.param('id'));
    return sync ? data(c, renderSync(sync)) : notFound(c, 'sync', c.req.param('id'));
  });

  app.get('/api/syncs/:id/status', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    const timeline = resolveTimeline(sync.timeline, ctx.now(), ctx.cancelDurationMs);
    return data(
      c,
      renderStatus(timeline, (view) => renderModelExecution(sync, view)),
    );
  });

  app.post('/api/syncs/:id/executions', async (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    const body = await readBody(c, startBody);
    if (!body.ok) return body.response;
    const now = ctx.now();
    if (!sync.active) return apiError(c, 400, 'sync is not active; activate it before starting a run');
    if (resolveTimeline(sync.timeline, now, ctx.cancelDurationMs).current) {
      return apiError(c, 409, 'sync is already running');
    }
    const run = manualRun(sync.seed.id, ctx.nextManualSeq(), now, manualDurationMs(sync.seed.durationMs), {
      isTest: body.value.test ?? false,
      isResync: body.value.resync ?? false,
    });
    sync.timeline.manualRuns.push(run);
    const execution = renderModelExecution(sync, viewRun(run, sync.timeline.cancels, now, ctx.cancelDurationMs));
    return data(c, { id: execution.id, status: execution.status, created_at: execution.created_at });
  });

  app.get('/api/syncs/:id/executions', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    const page = historyPage(
      sync.timeline,
      { pageToken: c.req.query('page_token'), size: EXECUTION_PAGE },
      ctx.now(),
      ctx.cancelDurationMs,
    );
    if ('error' in page) return apiError(c, 400, page.error);
    return executionList(
      c,
      page.views.map((view) => renderModelExecution(sync, view)),
      page.nextToken,
    );
  });

  app.get('/api/syncs/:id/executions/:executionId', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    const view = findRun(sync.timeline, c.req.param('executionId'), ctx.now(), ctx.cancelDurationMs);
    return view ? data(c, renderModelExecution(sync, view)) : notFound(c, 'execution', c.req.param('executionId'));
  });

  app.post('/api/syncs/:id/cancel', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    return requestCancel(c, sync.timeline, ctx);
  });

  app.post('/api/syncs/:id/activate', async (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'sync', c.req.param('id'));
    const body = await readBody(c, activateBody);
    if (!body.ok) return body.response;
    applyActive(sync, body.value.active, ctx.now());
    return data(c, { id: sync.seed.id, active: sync.active });
  });
}

/** Shared by model and bulk syncs: a page of executions, with a token when more remain. */
export function executionList(c: Parameters<typeof apiError>[0], items: unknown[], nextToken?: string): Response {
  return c.json({ data: items, ...(nextToken ? { pagination: { next_page_token: nextToken } } : {}) });
}

/** Shared by model and bulk syncs: marks the running execution for cancellation. */
export function requestCancel(
  c: Parameters<typeof apiError>[0],
  timeline: ModelSyncState['timeline'],
  ctx: SimContext,
): Response {
  const now = ctx.now();
  const current = resolveTimeline(timeline, now, ctx.cancelDurationMs).current;
  if (!current) return apiError(c, 409, 'sync has no running execution to cancel');
  if (!timeline.cancels.has(current.run.id)) timeline.cancels.set(current.run.id, now);
  return data(c, { message: 'cancellation requested' });
}

/** Shared by model and bulk syncs: pause or resume, stamping updated_at. */
export function applyActive(
  sync: { active: boolean; updatedAt: number; timeline: ModelSyncState['timeline'] },
  active: boolean,
  now: number,
): void {
  if (sync.active === active) return;
  sync.active = active;
  sync.updatedAt = now;
  setActive(sync.timeline, active, now);
}

type ListResult = { items: unknown[]; nextToken?: string } | { error: string };

// Keyset pagination over (updated_at desc, id asc); the token is the last item's key.
function listSyncs(ctx: SimContext, query: Record<string, string>): ListResult {
  const cursor = query.page_token ? decodeToken(query.page_token) : undefined;
  if (query.page_token && !cursor) return { error: 'invalid page_token' };
  const limit = parseLimit(query.limit);
  const sorted = [...ctx.state.modelSyncs.values()]
    .filter((s) => matchesFilters(s, query))
    .sort((a, b) => b.updatedAt - a.updatedAt || a.seed.id.localeCompare(b.seed.id));
  const remaining = cursor ? sorted.filter((s) => isAfter(s, cursor)) : sorted;
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  const nextToken = remaining.length > limit && last ? encodeToken(last.updatedAt, last.seed.id) : undefined;
  return { items: page.map(renderSyncListItem), ...(nextToken ? { nextToken } : {}) };
}

function matchesFilters(sync: ModelSyncState, query: Record<string, string>): boolean {
  if (query.active !== undefined && String(sync.active) !== query.active) return false;
  if (query.mode !== undefined && sync.seed.mode !== query.mode) return false;
  if (query.target_connection_id !== undefined && sync.seed.targetConnectionId !== query.target_connection_id)
    return false;
  return true;
}

function parseLimit(raw: string | undefined): number {
  const n = Math.floor(Number(raw));
  if (!Number.isFinite(n) || n <= 0) return MAX_PAGE;
  return Math.min(n, MAX_PAGE);
}

function isAfter(sync: ModelSyncState, cursor: { updatedAt: number; id: string }): boolean {
  return sync.updatedAt < cursor.updatedAt || (sync.updatedAt === cursor.updatedAt && sync.seed.id > cursor.id);
}

function encodeToken(updatedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');
}

function decodeToken(token: string): { updatedAt: number; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { updatedAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: not a token we issued
  }
  return undefined;
}
