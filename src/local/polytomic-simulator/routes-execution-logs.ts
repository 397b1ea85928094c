// What one execution left behind: its console log and the signed links to its errored records.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bulkConsoleLog, type LogLine, modelConsoleLog, renderConsoleLog } from './history.js';
import { modelRunSummary } from './render.js';
import { apiError, data, notFound, type SimContext } from './route-helpers.js';
import type { ModelSyncState } from './state.js';
import { toIso } from './support.js';
import { findRun, type RunView } from './timeline.js';

/** Polytomic keeps the latest 50 console log entries of an execution, and caps `limit` there. */
const MAX_LOG_ENTRIES = 50;
/** How long an errored-records link works (Polytomic's expiry is not documented). */
const LINK_LIFETIME_MS = 60 * 60_000;

/** Registers consolelog (model and bulk), the errored-records links and the files they point at. */
export function registerExecutionLogRoutes(app: Hono, ctx: SimContext): void {
  const modelRun = (c: Context): { sync: ModelSyncState; view: RunView } | Response => {
    const sync = ctx.state.modelSyncs.get(c.req.param('id')?.toLowerCase() ?? '');
    if (!sync) return notFound(c, 'sync', c.req.param('id') ?? '');
    const view = findRun(sync.timeline, c.req.param('executionId') ?? '', ctx.now(), ctx.cancelDurationMs);
    return view ? { sync, view } : notFound(c, 'execution', c.req.param('executionId') ?? '');
  };

  app.get('/api/syncs/:id/executions/:executionId/consolelog', (c) => {
    const found = modelRun(c);
    if (found instanceof Response) return found;
    return consoleLog(c, modelConsoleLog(found.sync, found.view, ctx.now(), ctx.cancelDurationMs));
  });

  app.get('/api/bulk/syncs/:id/executions/:executionId/consolelog', (c) => {
    const sync = ctx.state.bulkSyncs.get(c.req.param('id').toLowerCase());
    if (!sync) return notFound(c, 'bulk sync', c.req.param('id'));
    const now = ctx.now();
    const view = findRun(sync.timeline, c.req.param('executionId'), now, ctx.cancelDurationMs);
    if (!view) return notFound(c, 'execution', c.req.param('executionId'));
    return consoleLog(c, bulkConsoleLog(sync, view, now));
  });

  // A finished run with rejected records has one JSON record log; any other run has none.
  app.get('/api/syncs/:id/executions/:executionId/errors', (c) => {
    const found = modelRun(c);
    if (found instanceof Response) return found;
    const now = ctx.now();
    const expires = now + LINK_LIFETIME_MS;
    const rejected = found.view.phase === 'done' && modelRunSummary(found.sync, found.view).counts.error > 0;
    const path = `/files/syncs/${found.sync.seed.id}/executions/${found.view.run.id}/errors.json`;
    const url = new URL(c.req.url);
    // Wherever the simulator is mounted (`/_sim/polytomic` locally), the files sit beside its /api.
    const base = url.origin + url.pathname.slice(0, url.pathname.indexOf('/api/'));
    const link = `${base}${path}?expires=${expires}&signature=${sign(ctx.fileSecret, path, expires)}`;
    return data(c, { urls: rejected ? [link] : [], expires: toIso(expires) });
  });

  // Outside /api: a signed link needs no API key, like the storage links Polytomic hands out.
  app.get('/files/syncs/:id/executions/:executionId/errors.json', (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(url.pathname.indexOf('/files/'));
    const expires = Number(c.req.query('expires'));
    const signature = Buffer.from(c.req.query('signature') ?? '');
    const expected = Buffer.from(sign(ctx.fileSecret, path, expires));
    if (!(expires >= ctx.now()) || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return apiError(c, 403, 'the link has expired or its signature does not match');
    }
    const found = modelRun(c);
    if (found instanceof Response) return found;
    const { errors, counts } = modelRunSummary(found.sync, found.view);
    const keys = found.sync.seed.fields.map(([source]) => source);
    return c.json(
      Array.from({ length: counts.error }, (_, i) => ({
        error: errors[i % errors.length] ?? 'record rejected',
        record: Object.fromEntries(keys.map((key) => [key, `${key.toLowerCase()}-${i + 1}`])),
      })),
    );
  });
}

function consoleLog(c: Context, lines: LogLine[]): Response {
  const limit = Math.floor(Number(c.req.query('limit') ?? MAX_LOG_ENTRIES));
  if (!(limit > 0)) return apiError(c, 400, 'limit must be a positive number');
  return data(c, renderConsoleLog(lines, { after: c.req.query('after'), limit: Math.min(limit, MAX_LOG_ENTRIES) }));
}

function sign(secret: string, path: string, expires: number): string {
  return createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
}
