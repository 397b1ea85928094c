// Events and the organisation's webhook: /api/events, /api/events_types, /api/webhooks...
import type { Context, Hono } from 'hono';
import * as z from '../../lib/schemas/zod.js';
import { deriveEvents, EVENT_TYPES, type SimulatorEvent } from './events.js';
import { apiError, data, notFound, readBody, type SimContext } from './route-helpers.js';
import { ORGANIZATION } from './seed.js';
import type { WebhookState } from './state.js';
import { isUuid, toIso, uuidFrom } from './support.js';

const DEFAULT_EVENT_LIMIT = 10;
const MAX_EVENT_LIMIT = 100;

// Fields are checked by hand so that a bad endpoint or secret is a 422, as documented, not a 400.
const webhookBody = z.looseObject({
  endpoint: z.optional(z.unknown()),
  secret: z.optional(z.unknown()),
  organization_id: z.optional(z.unknown()),
});

/** Registers the event and webhook endpoints on the simulator app. */
export function registerEventRoutes(app: Hono, ctx: SimContext): void {
  app.get('/api/events', (c) => {
    const query = parseEventQuery(c.req.query());
    if ('error' in query) return apiError(c, 422, query.error);
    const events = deriveEvents(ctx.state, ctx.now(), ctx.cancelDurationMs, ctx.eventScope).filter((e) =>
      matches(e, query),
    );
    return c.json({ data: events.slice(0, query.limit) });
  });

  app.get('/api/events_types', (c) => data(c, [...EVENT_TYPES]));

  const find = (id: string): WebhookState | undefined => {
    const webhook = ctx.state.webhook;
    return webhook && webhook.id === id.toLowerCase() ? webhook : undefined;
  };

  app.get('/api/webhooks', (c) => data(c, ctx.state.webhook ? [renderWebhook(ctx.state.webhook)] : []));

  app.post('/api/webhooks', async (c) => {
    const input = await webhookInput(c);
    if ('response' in input) return input.response;
    if (ctx.state.webhook) {
      return apiError(c, 409, `organization already has webhook ${ctx.state.webhook.id}; update or delete it instead`);
    }
    ctx.state.webhooksCreated += 1;
    const webhook: WebhookState = {
      id: uuidFrom(`webhook:${ctx.state.webhooksCreated}`),
      endpoint: input.endpoint,
      secret: input.secret,
      disabled: false,
      createdAt: ctx.now(),
    };
    ctx.state.webhook = webhook;
    return data(c, renderWebhook(webhook), 201);
  });

  app.get('/api/webhooks/:id', (c) => {
    const webhook = find(c.req.param('id'));
    return webhook ? data(c, renderWebhook(webhook)) : notFound(c, 'webhook', c.req.param('id'));
  });

  // PUT per the current reference; older SDK generations sent PATCH, so both are accepted.
  const update = async (c: Context): Promise<Response> => {
    const webhook = find(c.req.param('id') ?? '');
    if (!webhook) return notFound(c, 'webhook', c.req.param('id') ?? '');
    const input = await webhookInput(c);
    if ('response' in input) return input.response;
    webhook.endpoint = input.endpoint;
    webhook.secret = input.secret;
    return data(c, renderWebhook(webhook));
  };
  app.put('/api/webhooks/:id', update);
  app.patch('/api/webhooks/:id', update);

  app.delete('/api/webhooks/:id', (c) => {
    if (!find(c.req.param('id'))) return notFound(c, 'webhook', c.req.param('id'));
    delete ctx.state.webhook;
    return c.body(null, 204);
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/api/webhooks/:id/${action}`, (c) => {
      const webhook = find(c.req.param('id'));
      if (!webhook) return notFound(c, 'webhook', c.req.param('id'));
      webhook.disabled = action === 'disable';
      return data(c, renderWebhook(webhook));
    });
  }
}

/** Webhook: `{ id, organization_id, endpoint, secret, disabled, created_at }`. */
export function renderWebhook(webhook: WebhookState): Record<string, unknown> {
  return {
    id: webhook.id,
    organization_id: ORGANIZATION.id,
    endpoint: webhook.endpoint,
    secret: webhook.secret,
    disabled: webhook.disabled,
    created_at: toIso(webhook.createdAt),
  };
}

type WebhookInput = { endpoint: string; secret: string } | { response: Response };

async function webhookInput(c: Context): Promise<WebhookInput> {
  const body = await readBody(c, webhookBody);
  if (!body.ok) return { response: body.response };
  const { endpoint, secret, organization_id: organizationId } = body.value;
  if (typeof endpoint !== 'string' || !isHttpUrl(endpoint)) {
    return { response: apiError(c, 422, 'endpoint must be an http or https URL') };
  }
  if (typeof secret !== 'string' || secret === '') return { response: apiError(c, 422, 'secret must not be empty') };
  if (organizationId !== undefined && organizationId !== null) {
    if (typeof organizationId !== 'string' || !isUuid(organizationId)) {
      return { response: apiError(c, 422, 'organization_id must be a UUID') };
    }
    if (organizationId.toLowerCase() !== ORGANIZATION.id)
      return { response: notFound(c, 'organization', organizationId) };
  }
  return { endpoint, secret };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

interface EventQuery {
  type?: string;
  startingAfter?: number;
  endingBefore?: number;
  limit: number;
}

function parseEventQuery(query: Record<string, string>): EventQuery | { error: string } {
  let limit = DEFAULT_EVENT_LIMIT;
  if (query.limit !== undefined) {
    const n = Number(query.limit);
    if (query.limit.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_EVENT_LIMIT) {
      return { error: `limit must be an integer from 1 to ${MAX_EVENT_LIMIT}` };
    }
    limit = n;
  }
  const startingAfter = parseTime(query.starting_after);
  if (startingAfter === null) return { error: 'starting_after must be an RFC 3339 date-time' };
  const endingBefore = parseTime(query.ending_before);
  if (endingBefore === null) return { error: 'ending_before must be an RFC 3339 date-time' };
  return {
    limit,
    ...(query.type ? { type: query.type } : {}),
    ...(startingAfter !== undefined ? { startingAfter } : {}),
    ...(endingBefore !== undefined ? { endingBefore } : {}),
  };
}

/** undefined when absent, null when unparseable. */
function parseTime(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

// Both bounds are exclusive, as documented.
function matches(event: SimulatorEvent, query: EventQuery): boolean {
  if (query.type !== undefined && event.type !== query.type) return false;
  const at = Date.parse(event.created_at);
  if (query.startingAfter !== undefined && !(at > query.startingAfter)) return false;
  if (query.endingBefore !== undefined && !(at < query.endingBefore)) return false;
  return true;
}
