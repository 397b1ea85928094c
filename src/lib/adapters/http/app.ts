import { Hono } from 'hono';
import { acceptSlackRequest } from '../../app/accept-slack-request.js';
import type { AcceptDeps } from '../../app/accept-slack-request.js';
import { acceptPolytomicEvent } from '../../app/accept-polytomic-event.js';

export type HttpAppDeps = AcceptDeps & { webhookSecrets: () => Promise<string[]> };

/** The one HTTP surface: Slack's Request URL (commands and interactivity), Polytomic's webhook, and a health check. */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.post('/slack/events', async (c) => {
    const started = deps.clock.now();
    const reply = await acceptSlackRequest(deps, {
      // The signature covers the exact bytes Slack sent, so read the raw text before any parsing.
      rawBody: await c.req.text(),
      origin: new URL(c.req.url).origin,
      timestamp: c.req.header('x-slack-request-timestamp'),
      signature: c.req.header('x-slack-signature'),
    });
    deps.log.debug('slack request answered', { status: reply.status, ms: deps.clock.now() - started });
    if (reply.status !== 200) return c.json({ error: reply.error }, reply.status);
    return reply.message ? c.json(reply.message) : c.body(null, 200);
  });

  app.post('/polytomic/events', async (c) => {
    const reply = await acceptPolytomicEvent(deps, { rawBody: await c.req.text(), signature: c.req.header('polytomic-signature') });
    return reply.status === 200 ? c.json({ ok: true, duplicate: reply.duplicate }) : c.json({ error: reply.error }, reply.status);
  });

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http request failed', { path: c.req.path, error });
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}
