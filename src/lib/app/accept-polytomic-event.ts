import { verifyPolytomicSignature } from '../adapters/http/polytomic-signature.js';
import type { Clock } from '../clock.js';
import { classifyEvent } from '../core/alerts.js';
import type { Log } from '../log.js';
import { eventSchema } from '../schemas/polytomic.js';
import { jobIdFor } from './accept-slack-request.js';
import type { JobQueue } from './accept-slack-request.js';

export interface AcceptEventDeps {
  jobs: JobQueue;
  clock: Clock;
  log: Log;
  /** The webhook secrets accepted (none when no webhook is set up: then every delivery is refused). */
  webhookSecrets: () => Promise<string[]>;
}

export type EventReply = { status: 200; duplicate: boolean } | { status: 400 | 401 | 500; error: string };

/**
 * `POST /polytomic/events`: verify the signature on the raw body, validate, and record the event as a
 * job keyed by its id, so a redelivery (or the catch-up reading it again) is recorded once. Posting to
 * Slack happens in the worker; Polytomic gets its 2xx at once.
 */
export async function acceptPolytomicEvent(deps: AcceptEventDeps, request: { rawBody: string; signature: string | undefined }): Promise<EventReply> {
  const secrets = await deps.webhookSecrets();
  if (!secrets.some((secret) => verifyPolytomicSignature({ secret, rawBody: request.rawBody, header: request.signature }))) {
    deps.log.warn('polytomic event refused', { reason: secrets.length ? 'bad_signature' : 'no_webhook_secret' });
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
    const result = await deps.jobs.enqueue(eventJob(event, request.rawBody, deps.clock.now()));
    deps.log.info('polytomic event recorded', { eventId: event.id, type: event.type, result });
    return { status: 200, duplicate: result === 'duplicate' };
  } catch (error) {
    // A non-2xx makes Polytomic deliver again (up to 5 times); the job id keeps that from doubling anything.
    deps.log.error('polytomic event could not be recorded', { eventId: event.id, error });
    return { status: 500, error: 'not_recorded' };
  }
}

/** The job for one event: the same id however many times the event arrives, by webhook or catch-up. */
export function eventJob(event: { id: string; type: string; event?: { sync_name?: string | null; name?: string | null } | null }, payload: string, now: number) {
  return {
    id: jobIdFor(`polytomic-event:${event.id}`),
    kind: 'polytomic_event' as const,
    payload,
    teamId: '',
    userId: 'polytomic',
    summary: `${event.type} ${event.event?.sync_name ?? event.event?.name ?? ''}`.trim().slice(0, 500),
    createdAt: now,
  };
}
