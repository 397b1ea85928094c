import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { acknowledgeCommand, notRecordedReply, renderTooLong } from '../core/ack.js';
import { parseCommand } from '../core/command.js';
import type { SlackMessage } from '../core/message.js';
import { verifySlackSignature } from '../core/slack-signature.js';
import type { Log } from '../log.js';
import type { NewJob } from '../schemas/items.js';
import type { EventCallback } from '../schemas/slack.js';
import {
  blockActionsSchema,
  eventCallbackSchema,
  interactionEnvelopeSchema,
  MAX_COMMAND_TEXT,
  slashCommandSchema,
  urlVerificationSchema,
} from '../schemas/slack.js';

/** Where the HTTP path hands over slow work: a durable write, nothing else. */
export interface JobQueue {
  enqueue(job: NewJob): Promise<'created' | 'duplicate'>;
}

export interface AcceptDeps {
  signingSecret: string;
  /** Origins a request's response_url may have (Slack's, and a local console Slack's): the worker posts answers there. */
  responseUrlOrigins: readonly string[];
  jobQueue: JobQueue;
  clock: Clock;
  log: Log;
}

/** What the path after verification needs: no signing secret (Socket Mode has none). */
export type VerifiedAcceptDeps = Omit<AcceptDeps, 'signingSecret'>;

export interface IncomingSlackRequest {
  rawBody: string;
  /** The public origin the request arrived at. */
  origin?: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Slack's `x-slack-retry-num` on an event it delivers again (its first answer was late or failed). */
  retryNum?: string;
}

export type SlackHttpReply =
  | { status: 200; message?: SlackMessage & { response_type: 'ephemeral' }; challenge?: string }
  | { status: 400 | 401 | 500; error: string };

/**
 * The whole acknowledgement path: ssl_check → verify → validate → decide the reply → record the work.
 * Its only I/O is the one job write, so it answers well inside Slack's 3 seconds.
 */
export async function acceptSlackRequest(deps: AcceptDeps, request: IncomingSlackRequest): Promise<SlackHttpReply> {
  const form = new URLSearchParams(request.rawBody);
  // Slack's ssl_check pings are unsigned by design and must be answered before verification.
  if (form.get('ssl_check') === '1') return { status: 200 };

  const check = verifySlackSignature({
    signingSecret: deps.signingSecret,
    rawBody: request.rawBody,
    timestamp: request.timestamp,
    signature: request.signature,
    nowMs: deps.clock.now(),
  });
  if (!check.ok) {
    deps.log.warn('slack request refused', { reason: check.reason });
    return { status: 401, error: 'invalid_signature' };
  }

  // Events come as JSON; a form body (`key=value&…`) never starts with a brace.
  if (request.rawBody.trimStart().startsWith('{'))
    return acceptVerifiedSlackRequest(deps, { kind: 'event', rawBody: request.rawBody, retryNum: request.retryNum });
  // Interactivity arrives form-encoded with one field, `payload`, holding JSON; commands are plain form fields.
  const payload = form.get('payload');
  return acceptVerifiedSlackRequest(
    deps,
    payload === null ? { kind: 'command', form, origin: request.origin } : { kind: 'interaction', payload },
  );
}

/**
 * A request whose sender is already proven: by the signature over HTTP, or by the app-level token that opened
 * a Socket Mode connection. Each kind is as the HTTP body carries it, so both transports run the same checks.
 */
export type VerifiedSlackRequest =
  | { kind: 'command'; form: URLSearchParams; origin?: string }
  | { kind: 'interaction'; payload: string }
  | { kind: 'event'; rawBody: string; retryNum?: string };

/** Everything after verification: validate, decide the immediate reply, record the work. */
export function acceptVerifiedSlackRequest(
  deps: VerifiedAcceptDeps,
  request: VerifiedSlackRequest,
): Promise<SlackHttpReply> {
  if (request.kind === 'event') return acceptEvent(deps, request);
  return request.kind === 'command'
    ? acceptCommand(deps, request.form, request.origin)
    : acceptInteraction(deps, request.payload);
}

async function acceptCommand(
  deps: VerifiedAcceptDeps,
  form: URLSearchParams,
  origin: string | undefined,
): Promise<SlackHttpReply> {
  // Slack allows longer text than the bot reads: say so to the person instead of an HTTP error they never see.
  const text = form.get('text') ?? '';
  if (text.length > MAX_COMMAND_TEXT) {
    deps.log.warn('slash command refused: text too long', { length: text.length });
    return { status: 200, message: { ...renderTooLong(text.length, MAX_COMMAND_TEXT), response_type: 'ephemeral' } };
  }
  const parsed = slashCommandSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    deps.log.warn('slash command rejected', { issues: parsed.error.issues.map((i) => i.path.join('.')).join(',') });
    return { status: 400, error: 'invalid_command' };
  }
  const body = parsed.data;
  const log = deps.log.with({ teamId: body.team_id, channelId: body.channel_id, userId: body.user_id });
  const foreign = foreignOrigin([body.response_url], deps.responseUrlOrigins);
  if (foreign) return refuseResponseUrl(log, foreign);
  const ack = acknowledgeCommand(parseCommand(body.text), body.command);
  if (ack.queue) {
    const job: NewJob = {
      id: jobIdFor(body.trigger_id),
      kind: 'slack_command',
      payload: storedBody(body),
      teamId: body.team_id,
      channelId: body.channel_id,
      userId: body.user_id,
      summary: `${body.command} ${body.text}`.trim().slice(0, 500),
      createdAt: deps.clock.now(),
      origin,
    };
    if (!(await recorded(deps, log, job)))
      return { status: 200, message: { ...notRecordedReply, response_type: 'ephemeral' } };
  }
  return { status: 200, message: { ...ack.reply, response_type: 'ephemeral' } };
}

async function acceptInteraction(deps: VerifiedAcceptDeps, payload: string): Promise<SlackHttpReply> {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { status: 400, error: 'invalid_payload' };
  }
  const envelope = interactionEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { status: 400, error: 'invalid_payload' };
  if (envelope.data.type !== 'block_actions') {
    deps.log.info('interaction ignored', { type: envelope.data.type });
    return { status: 200 };
  }
  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) return { status: 400, error: 'invalid_payload' };
  const body = parsed.data;
  const teamId = body.team?.id ?? body.user.team_id ?? 'unknown';
  const log = deps.log.with({ teamId, channelId: body.channel?.id, userId: body.user.id });
  const foreign = foreignOrigin(
    [body.response_url, ...(body.response_urls ?? []).map((r) => r.response_url)],
    deps.responseUrlOrigins,
  );
  if (foreign) return refuseResponseUrl(log, foreign);
  // Link buttons (Open in Polytomic) also send block_actions; they need no work.
  const actions = body.actions.filter((action) => action.type !== 'button' || action.value !== undefined);
  if (actions.length === 0) return { status: 200 };
  const job: NewJob = {
    id: jobIdFor(body.trigger_id),
    kind: 'slack_action',
    payload: storedBody(body),
    teamId,
    channelId: body.channel?.id,
    userId: body.user.id,
    summary: `button ${actions.map((a) => a.action_id).join(',')}`.slice(0, 500),
    createdAt: deps.clock.now(),
  };
  // An action's HTTP body is not shown to anyone, so a failed write can only be signalled by the status.
  return (await recorded(deps, log, job)) ? { status: 200 } : { status: 500, error: 'not_recorded' };
}

/** The events the bot acts on; any other (the Messages tab opening, one sent by mistake) is answered and dropped. */
const handled = (event: EventCallback['event']): boolean =>
  (event.type === 'app_home_opened' && event.tab === 'home') || event.type === 'link_shared';

async function acceptEvent(
  deps: VerifiedAcceptDeps,
  request: { rawBody: string; retryNum?: string },
): Promise<SlackHttpReply> {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    return { status: 400, error: 'invalid_event' };
  }
  const verification = urlVerificationSchema.safeParse(json);
  if (verification.success) return { status: 200, challenge: verification.data.challenge };
  const parsed = eventCallbackSchema.safeParse(json);
  if (!parsed.success) {
    deps.log.warn('slack event rejected', { issues: parsed.error.issues.map((i) => i.path.join('.')).join(',') });
    return { status: 400, error: 'invalid_event' };
  }
  const body = parsed.data;
  const log = deps.log.with({
    teamId: body.team_id,
    eventId: body.event_id,
    eventType: body.event.type,
    retryNum: request.retryNum?.slice(0, 8),
  });
  // Answered 200 all the same: anything else makes Slack retry, and in the end turn the subscription off.
  if (!handled(body.event)) {
    log.info('slack event ignored');
    return { status: 200 };
  }
  const job: NewJob = {
    id: jobIdFor(`event:${body.event_id}`),
    kind: 'slack_event',
    payload: storedBody(body),
    teamId: body.team_id,
    channelId: body.event.channel,
    userId: body.event.user ?? 'unknown',
    summary: `event ${body.event.type}`,
    createdAt: deps.clock.now(),
  };
  // A failed write answers 500, so Slack delivers the event again (a retry of one recorded is a duplicate).
  return (await recorded(deps, log, job)) ? { status: 200 } : { status: 500, error: 'not_recorded' };
}

/** The origin of the first response URL that is not on an allowed origin, if any. */
function foreignOrigin(urls: (string | undefined)[], allowed: readonly string[]): string | undefined {
  return urls
    .flatMap((url) => (url === undefined ? [] : [new URL(url).origin]))
    .find((origin) => !allowed.includes(origin));
}

function refuseResponseUrl(log: Log, responseUrlOrigin: string): SlackHttpReply {
  // Only the origin is logged: a response_url is itself a credential to answer the person.
  log.warn(
    'slack request refused: its response_url is not on an origin in SLACK_RESPONSE_URL_ORIGINS, and the answers would be posted there',
    {
      reason: 'response_url_not_allowed',
      responseUrlOrigin,
    },
  );
  return { status: 400, error: 'response_url_not_allowed' };
}

/** The body kept with the job, without Slack's legacy verification `token`: a credential the worker never needs. */
const storedBody = (body: Record<string, unknown>): string => JSON.stringify({ ...body, token: undefined });

async function recorded(deps: VerifiedAcceptDeps, log: Log, job: NewJob): Promise<boolean> {
  try {
    const result = await deps.jobQueue.enqueue(job);
    log.info('job recorded', { jobId: job.id, kind: job.kind, result });
    return true;
  } catch (error) {
    log.error('job could not be recorded', { jobId: job.id, error });
    return false;
  }
}

/** One job per Slack interaction: a replay of the same signed request lands on the same id and is ignored. */
export function jobIdFor(triggerId: string): string {
  return createHash('sha256').update(triggerId).digest('base64url').slice(0, 22);
}
