// Bulk syncs (ELT): /api/bulk/syncs...
import type { Hono } from 'hono';
import * as z from '../../lib/schemas/zod.js';
import { historyPage } from './history.js';
import { renderBulkExecution, renderBulkSync, renderStatus } from './render.js';
import { apiError, data, notFound, readBody, type SimContext } from './route-helpers.js';
import { applyActive, executionList, requestCancel } from './routes-model-syncs.js';
import { type BulkSyncState, manualDurationMs, manualRun } from './state.js';
import { findRun, resolveTimeline, viewRun } from './timeline.js';

const startBody = z.looseObject({
  test: z.optional(z.boolean()),
  resync_mode: z.optional(z.enum(['refetch', 'resync', 'rebuild'])),
  fetch_mode: z.optional(z.enum(['none', 'incremental', 'full'])),
  schemas: z.optional(z.array(z.string())),
  resync: z.optional(z.unknown()),
});

type StartBody = z.infer<typeof startBody>;

const activateBody = z.looseObject({ active: z.boolean() });

// `limit` is optional and capped at 100 (SDK docs); the default when it is left out is not documented.
const MAX_EXECUTION_PAGE = 100;

/** Registers the bulk-sync endpoints on the simulator app. */
export function registerBulkSyncRoutes(app: Hono, ctx: SimContext): void {
  const find = (id: string): BulkSyncState | undefined => ctx.state.bulkSyncs.get(id.toLowerCase());

  app.get('/api/bulk/syncs', (c) => {
    const active = c.req.query('active');
    const syncs = [...ctx.state.bulkSyncs.values()].filter((s) => active === undefined || String(s.active) === active);
    return data(c, syncs.map(renderBulkSync));
  });

  app.get('/api/bulk/syncs/:id', (c) => {
    const sync = find(c.req.param('id'));
    return sync ? data(c, renderBulkSync(sync)) : notFound(c, 'bulk sync', c.req.param('id'));
  });

  app.get('/api/bulk/syncs/:id/status', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const now = ctx.now();
    const timeline = resolveTimeline(sync.timeline, now, ctx.cancelDurationMs);
    return data(
      c,
      renderStatus(timeline, (view) => renderBulkExecution(sync, view, now)),
    );
  });

  app.post('/api/bulk/syncs/:id/executions', async (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const body = await readBody(c, startBody);
    if (!body.ok) return body.response;
    const problem = startProblem(sync, body.value);
    if (problem) return apiError(c, 400, problem);
    const now = ctx.now();
    if (resolveTimeline(sync.timeline, now, ctx.cancelDurationMs).current) {
      return apiError(c, 409, 'bulk sync is already running');
    }
    const { test, resync_mode: resyncMode, fetch_mode: fetchMode, schemas } = body.value;
    const run = manualRun(sync.seed.id, ctx.nextManualSeq(), now, manualDurationMs(sync.seed.durationMs), {
      isTest: test ?? false,
      isResync: resyncMode !== undefined,
      ...(schemas ? { schemas } : {}),
      ...(fetchMode ? { fetchMode } : {}),
    });
    sync.timeline.manualRuns.push(run);
    return data(c, renderBulkExecution(sync, viewRun(run, sync.timeline.cancels, now, ctx.cancelDurationMs), now));
  });

  app.get('/api/bulk/syncs/:id/executions', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const limit = Math.floor(Number(c.req.query('limit') ?? MAX_EXECUTION_PAGE));
    if (!(limit > 0)) return apiError(c, 400, 'limit must be a positive number');
    const now = ctx.now();
    const page = historyPage(
      sync.timeline,
      { pageToken: c.req.query('page_token'), size: Math.min(limit, MAX_EXECUTION_PAGE) },
      now,
      ctx.cancelDurationMs,
    );
    if ('error' in page) return apiError(c, 400, page.error);
    return executionList(
      c,
      page.views.map((view) => renderBulkExecution(sync, view, now)),
      page.nextToken,
    );
  });

  app.get('/api/bulk/syncs/:id/executions/:executionId', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const now = ctx.now();
    const view = findRun(sync.timeline, c.req.param('executionId'), now, ctx.cancelDurationMs);
    return view ? data(c, renderBulkExecution(sync, view, now)) : notFound(c, 'execution', c.req.param('executionId'));
  });

  app.post('/api/bulk/syncs/:id/cancel', (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    return requestCancel(c, sync.timeline, ctx);
  });

  app.post('/api/bulk/syncs/:id/activate', async (c) => {
    const sync = find(c.req.param('id'));
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const body = await readBody(c, activateBody);
    if (!body.ok) return body.response;
    applyActive(sync, body.value.active, ctx.now());
    return data(c, { id: sync.seed.id, active: sync.active });
  });
}

// The documented request rules for starting a bulk sync.
function startProblem(sync: BulkSyncState, body: StartBody): string | undefined {
  if (body.resync !== undefined) return 'resync is no longer supported; use resync_mode';
  if (body.test && body.resync_mode !== undefined) return 'test and resync_mode cannot be combined';
  if (!sync.active) return 'bulk sync is not active; activate it before starting a run';
  const unknown = body.schemas?.find((s) => !sync.seed.schemas.includes(s));
  if (unknown !== undefined) return `schema ${unknown} is not part of this bulk sync`;
  return undefined;
}
