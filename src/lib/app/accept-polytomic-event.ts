import type { Clock } from '../clock.js';
import { classifyEvent } from '../core/alerts.js';
import { verifyPolytomicSignature } from '../core/polytomic-signature.js';
import type { Log } from '../log.js';
import type { PolytomicEvent } from '../schemas/polytomic-event.js';
import { eventSchema } from '../schemas/polytomic-event.js';
import type { JobQueue } from './accept-slack-request.js';
import { jobIdFor } from './accept-slack-request.js';
import type { WebhookSecrets } from './webhook-secrets.js';
import { WebhookSecretsUnavailableError } from './webhook-secrets.js';

export interface AcceptEventDeps {
  jobQueue: JobQueue;
  clock: Clock;
  log: Log;
  /** The webhook secrets accepted (none when no webhook is set up: then every delivery is refused). */
  webhookSecrets: WebhookSecrets;
}

export type EventReply = { status: 200; duplicate: boolean } | { status: 400 | 401 | 500 | 503; error: string };

/**
 * `POST /polytomic/events`: verify the signature on the raw body, validate, and record the event as a
 * job keyed by its id, so a redelivery (or the catch-up reading it again) is recorded once. Posting to
 * Slack happens in the worker; Polytomic gets its 2xx at once.
 */
export async function acceptPolytomicEvent(
  deps: AcceptEventDeps,
  request: { rawBody: string; signature: string | undefined },
): Promise<EventReply> {
  const verdict = await checkSignature(deps, request);
  if (verdict === 'unavailable') return { status: 503, error: 'webhook_secrets_unavailable' };
  if (verdict !== 'verified') {
    deps.log.warn('polytomic event refused', { reason: verdict });
    return { status: 401, error: 'invalid_signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    return { status: 400, error: 'invalid_json' };
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return { status: 400, error: 'invalid_event' };
  const event = parsed.data;
  // Runs starting or being canceled never make an alert: acknowledged, not stored.
  if (!classifyEvent(event.type)) return { status: 200, duplicate: false };
  try {
    const result = await deps.jobQueue.enqueue(eventJob(event, deps.clock.now()));
    deps.log.info('polytomic event recorded', { eventId: event.id, type: event.type, result });
    return { status: 200, duplicate: result === 'duplicate' };
  } catch (error) {
    // A non-2xx makes Polytomic deliver again (up to 5 times); the job id keeps that from doubling anything.
    deps.log.error('polytomic event could not be recorded', { eventId: event.id, error });
    return { status: 500, error: 'not_recorded' };
  }
}

type Verdict = 'verified' | 'unsigned' | 'bad_signature' | 'no_webhook_secret' | 'unavailable';

/**
 * Whether a delivery is signed with a webhook secret. An unsigned one costs no read; one that matches
 * none of the secrets in hand makes the store be read again (at most once per few seconds), so a secret
 * set up a moment ago is accepted. A store that cannot be read is logged at WARN, not ERROR: the
 * delivery is answered 503 and Polytomic delivers it again.
 */
async function checkSignature(
  deps: AcceptEventDeps,
  request: { rawBody: string; signature: string | undefined },
): Promise<Verdict> {
  if (!request.signature) return 'unsigned';
  const signedWithOneOf = (secrets: string[]) =>
    secrets.some((secret) => verifyPolytomicSignature({ secret, rawBody: request.rawBody, header: request.signature }));
  try {
    if (signedWithOneOf(await deps.webhookSecrets.current())) return 'verified';
    const reread = await deps.webhookSecrets.current({ recheck: true });
    if (signedWithOneOf(reread)) return 'verified';
    return reread.length ? 'bad_signature' : 'no_webhook_secret';
  } catch (error) {
    if (!(error instanceof WebhookSecretsUnavailableError)) throw error;
    deps.log.warn(
      'polytomic event not checked: the webhook secrets could not be read, so Polytomic is asked to deliver it again',
      { error: error.cause },
    );
    return 'unavailable';
  }
}

/**
 * The job for one event: the same id however many times the event arrives, by webhook or catch-up. It
 * keeps only what alerts read, each text cut to a bound, so any event fits in an item.
 */
export function eventJob(event: PolytomicEvent, now: number) {
  return {
    id: jobIdFor(`polytomic-event:${event.id}`),
    kind: 'polytomic_event' as const,
    payload: JSON.stringify(storedEvent(event)),
    teamId: '',
    userId: 'polytomic',
    summary: `${event.type} ${event.event?.sync_name ?? event.event?.name ?? ''}`.trim().slice(0, 500),
    createdAt: now,
  };
}

const cut = (value: string | null | undefined, max: number) =>
  typeof value === 'string' ? value.slice(0, max) : undefined;

function storedEvent(event: PolytomicEvent) {
  const detail = event.event;
  return {
    id: event.id,
    type: event.type,
    created_at: event.created_at,
    event: detail && {
      execution_id: cut(detail.execution_id, 200),
      sync_id: cut(detail.sync_id, 200),
      sync_name: cut(detail.sync_name, 500),
      name: cut(detail.name, 500),
      status: cut(detail.status, 100),
      error: cut(detail.error, 2_000),
      record_count: detail.record_count,
      error_count: detail.error_count,
      warning_count: detail.warning_count,
      number_of_errors: detail.number_of_errors,
    },
  };
}
