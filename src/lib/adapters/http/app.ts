import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AcceptEventDeps } from '../../app/accept-polytomic-event.js';
import { acceptPolytomicEvent } from '../../app/accept-polytomic-event.js';
import type { AcceptDeps } from '../../app/accept-slack-request.js';
import { acceptSlackRequest } from '../../app/accept-slack-request.js';

export type HttpAppDeps = AcceptDeps & AcceptEventDeps;

/**
 * The most either route reads of a body; Slack's commands and button payloads and Polytomic's events are
 * far smaller. Everything stored with a job is bounded by it.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Longer is no host name; the origin is stored with the job. */
const MAX_ORIGIN_LENGTH = 300;

/** The one HTTP surface: Slack's Request URL (commands and interactivity), Polytomic's webhook, and a health check. */
export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  // Hono's bodyLimit counts the bytes as it reads them when there is no Content-Length (a chunked body)
  // and stops past the limit; a declared length over it is refused before reading anything.
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      deps.log.warn('request refused: body over the limit', { path: c.req.path, limitBytes: MAX_BODY_BYTES });
      return c.json({ error: 'body_too_large' }, 413);
    },
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.post('/slack/events', limitBody, async (c) => {
    const started = deps.clock.now();
    const origin = new URL(c.req.url).origin;
    const reply = await acceptSlackRequest(deps, {
      // The signature covers the exact bytes Slack sent, so read the raw text before any parsing.
      rawBody: await c.req.text(),
      origin: origin.length <= MAX_ORIGIN_LENGTH ? origin : undefined,
      timestamp: c.req.header('x-slack-request-timestamp'),
      signature: c.req.header('x-slack-signature'),
      retryNum: c.req.header('x-slack-retry-num'),
    });
    deps.log.debug('slack request answered', { status: reply.status, ms: deps.clock.now() - started });
    if (reply.status !== 200) return c.json({ error: reply.error }, reply.status);
    if (reply.challenge !== undefined) return c.json({ challenge: reply.challenge });
    return reply.message ? c.json(reply.message) : c.body(null, 200);
  });

  app.post('/polytomic/events', limitBody, async (c) => {
    const reply = await acceptPolytomicEvent(deps, {
      rawBody: await c.req.text(),
      signature: c.req.header('polytomic-signature'),
    });
    return reply.status === 200
      ? c.json({ ok: true, duplicate: reply.duplicate })
      : c.json({ error: reply.error }, reply.status);
  });

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http request failed', { path: c.req.path, error });
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}
