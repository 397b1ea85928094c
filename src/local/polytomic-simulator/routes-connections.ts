// Connections and their schemas: /api/connections...
import type { Hono } from 'hono';
import { renderConnection } from './render.js';
import { apiError, data, notFound, type SimContext } from './route-helpers.js';
import type { SchemaSeed } from './seed.js';
import { type ConnectionState, currentSchemas, inFlightRefresh } from './state.js';
import { toIso } from './support.js';

/** Before any refresh, the cache looks like it was last built this long before the simulator started. */
const SEEDED_REFRESH_AGO_MS = 3 * 3_600_000;
const SEEDED_REFRESH_TOOK_MS = 35_000;

/** Registers the connection and schema endpoints on the simulator app. */
export function registerConnectionRoutes(app: Hono, ctx: SimContext): void {
  const find = (id: string): ConnectionState | undefined => ctx.state.connections.get(id.toLowerCase());

  app.get('/api/connections', (c) => {
    const now = ctx.now();
    return data(
      c,
      [...ctx.state.connections.values()].map((conn) => renderConnection(conn, now)),
    );
  });

  app.get('/api/connections/:id', (c) => {
    const conn = find(c.req.param('id'));
    return conn ? data(c, renderConnection(conn, ctx.now())) : notFound(c, 'connection', c.req.param('id'));
  });

  app.post('/api/connections/:id/schemas/refresh', (c) => {
    const conn = find(c.req.param('id'));
    if (!conn) return notFound(c, 'connection', c.req.param('id'));
    if (conn.status !== 'healthy') {
      return apiError(
        c,
        400,
        `connection is not healthy (status "${conn.status}")${conn.statusError ? `: ${conn.statusError}` : ''}`,
      );
    }
    startRefresh(conn, ctx);
    c.header('Location', `/api/connections/${conn.seed.id}/schemas/status`);
    return c.json({}, 202);
  });

  app.get('/api/connections/:id/schemas/status', (c) => {
    const conn = find(c.req.param('id'));
    return conn ? data(c, schemaStatus(conn, ctx)) : notFound(c, 'connection', c.req.param('id'));
  });

  app.get('/api/connections/:id/bulksync/source', (c) => {
    const conn = find(c.req.param('id'));
    if (!conn) return notFound(c, 'connection', c.req.param('id'));
    const withFields = c.req.query('include_fields') === 'true';
    const schemas = currentSchemas(conn, ctx.now()).map((s) => renderSchema(s, withFields));
    return data(c, { schemas, configuration: {} });
  });

  app.get('/api/connections/:id/modelsync/source', (c) => {
    const conn = find(c.req.param('id'));
    if (!conn) return notFound(c, 'connection', c.req.param('id'));
    return data(c, { configuration: {}, items: {}, requires_one_of: [...conn.seed.requiresOneOf] });
  });

  app.get('/api/connections/:id/schemas/:schemaId', (c) => {
    const conn = find(c.req.param('id'));
    if (!conn) return notFound(c, 'connection', c.req.param('id'));
    const schema = currentSchemas(conn, ctx.now()).find((s) => s.id === c.req.param('schemaId'));
    return schema ? data(c, renderSchema(schema, true)) : notFound(c, 'schema', c.req.param('schemaId'));
  });
}

// A refresh already in flight is kept, so its start time does not move.
function startRefresh(conn: ConnectionState, ctx: SimContext): void {
  const now = ctx.now();
  if (inFlightRefresh(conn, now)) return;
  const errorStatus = conn.nextRefreshError;
  delete conn.nextRefreshError;
  conn.refreshes.push({
    startedAt: now,
    finishedAt: now + ctx.refreshDurationMs,
    ...(errorStatus ? { errorStatus } : {}),
  });
}

function schemaStatus(conn: ConnectionState, ctx: SimContext): Record<string, string> {
  const now = ctx.now();
  const seededStart = ctx.state.startedAt - SEEDED_REFRESH_AGO_MS;
  const seeded = { startedAt: seededStart, finishedAt: seededStart + SEEDED_REFRESH_TOOK_MS };
  const started = conn.refreshes.filter((r) => r.startedAt <= now);
  const latest = started.at(-1);
  if (!latest) return statusJson('cached', seeded.startedAt, seeded.finishedAt);
  if (now < latest.finishedAt) {
    const previous = started.at(-2) ?? seeded;
    return statusJson('refreshing', latest.startedAt, previous.finishedAt);
  }
  return statusJson(latest.errorStatus ?? 'fresh', latest.startedAt, latest.finishedAt);
}

function statusJson(cacheStatus: string, startedAt: number, finishedAt: number): Record<string, string> {
  return {
    cache_status: cacheStatus,
    last_refresh_started: toIso(startedAt),
    last_refresh_finished: toIso(finishedAt),
  };
}

function renderSchema(schema: SchemaSeed, withFields: boolean): Record<string, unknown> {
  return {
    id: schema.id,
    name: schema.name,
    ...(withFields
      ? {
          fields: schema.fields.map((name, i) => {
            const isTime = /date|_at$/i.test(name);
            return {
              id: name,
              name,
              type: isTime ? 'datetime' : 'string',
              remote_type: isTime ? 'timestamp' : 'text',
              is_primary_key: i === 0,
            };
          }),
        }
      : {}),
  };
}
