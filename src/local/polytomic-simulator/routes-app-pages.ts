// The pages the bot's "Open in Polytomic" buttons link to, so a local click lands somewhere: what the
// simulator knows of the sync or connection, as its API would answer. The real app's pages look nothing
// like this; only their paths are the bot's (see ARCHITECTURE "Link previews": unconfirmed shapes).
import type { Context, Hono } from 'hono';
import {
  renderBulkExecution,
  renderBulkSync,
  renderConnection,
  renderModelExecution,
  renderStatus,
  renderSync,
} from './render.js';
import type { SimContext } from './route-helpers.js';
import { resolveTimeline } from './timeline.js';

export function registerAppPages(app: Hono, ctx: SimContext): void {
  app.get('/syncs/:id', (c) => {
    const sync = ctx.state.modelSyncs.get(c.req.param('id').toLowerCase());
    if (!sync) return missing(c, 'sync');
    const timeline = resolveTimeline(sync.timeline, ctx.now(), ctx.cancelDurationMs);
    return page(c, sync.seed.name, 'Model sync', {
      sync: renderSync(sync),
      status: renderStatus(timeline, (view) => renderModelExecution(sync, view)),
    });
  });
  app.get('/bulk/syncs/:id', (c) => {
    const sync = ctx.state.bulkSyncs.get(c.req.param('id').toLowerCase());
    if (!sync) return missing(c, 'bulk sync');
    const now = ctx.now();
    const timeline = resolveTimeline(sync.timeline, now, ctx.cancelDurationMs);
    return page(c, sync.seed.name, 'Bulk sync', {
      sync: renderBulkSync(sync),
      status: renderStatus(timeline, (view) => renderBulkExecution(sync, view, now)),
    });
  });
  app.get('/connections/:id', (c) => {
    const connection = ctx.state.connections.get(c.req.param('id').toLowerCase());
    if (!connection) return missing(c, 'connection');
    return page(c, connection.seed.name, 'Connection', { connection: renderConnection(connection, ctx.now()) });
  });
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(c: Context, name: string, kind: string, shown: Record<string, unknown>): Response {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)} · Polytomic simulator</title></head>` +
      `<body style="font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto">` +
      `<p>Polytomic simulator: this page stands in for the Polytomic app's.</p><h1>${escapeHtml(name)}</h1><p>${kind}</p>` +
      `<pre>${escapeHtml(JSON.stringify(shown, null, 2))}</pre></body></html>`,
  );
}

const missing = (c: Context, what: string) =>
  c.html(`<!doctype html><p>The Polytomic simulator has no ${escapeHtml(what)} with this id.</p>`, 404);
