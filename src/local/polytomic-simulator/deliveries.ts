// Webhook deliveries, triggered explicitly (PolytomicSimulator.deliverEvents), never by a timer.
// Documented semantics (polytomic-api.md 2.5): at most once, a non-2xx answer is retried up to 5 times,
// no ordering guarantee. Signature: HMAC-SHA256 of the raw body with the webhook secret, hex or base64.
import { createHmac } from 'node:crypto';
import { EVENT_RETENTION_MS, type SimulatorEvent } from './events.js';
import type { SimState } from './state.js';

/** Retries after the first attempt, as documented; backoff is not simulated (retries are immediate). */
export const MAX_DELIVERY_RETRIES = 5;

export type SignatureEncoding = 'hex' | 'base64';

export interface DeliverOptions {
  /** Used for the POSTs; default the global fetch. */
  fetch?: typeof fetch;
  /** How the Polytomic-Signature digest is encoded; default 'hex'. */
  encoding?: SignatureEncoding;
}

/** What became of one event (a duplicated event has two entries). */
export interface Delivery {
  eventId: string;
  type: string;
  /** The last HTTP status answered, 0 when the request itself failed, or 'dropped' (never sent). */
  status: number | 'dropped';
  /** Requests made for it (0 when dropped; at most 1 + MAX_DELIVERY_RETRIES). */
  attempts: number;
}

export interface Deliverer {
  deliver(options?: DeliverOptions): Promise<Delivery[]>;
  dropNext(n: number): void;
  duplicateNext(): void;
  reverseNextBatch(): void;
}

/** The Polytomic-Signature value for a raw body. */
export function signDelivery(secret: string, rawBody: string, encoding: SignatureEncoding = 'hex'): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest(encoding);
}

export function createDeliverer(deps: {
  state: SimState;
  now: () => number;
  events: () => SimulatorEvent[];
}): Deliverer {
  // Events already handed out (delivered, dropped, or passed while no enabled webhook existed): id -> created_at.
  const handled = new Map<string, number>();
  let dropCount = 0;
  let duplicate = false;
  let reverse = false;

  return {
    async deliver(options = {}) {
      const now = deps.now();
      for (const [id, at] of handled) if (at < now - EVENT_RETENTION_MS) handled.delete(id);
      // Only events since the simulator started are "new"; the seeded history is never delivered.
      const fresh = deps.events().filter((e) => !handled.has(e.id) && Date.parse(e.created_at) >= deps.state.startedAt);
      // Claim them before the first await, so overlapping calls never send an event twice.
      for (const e of fresh) handled.set(e.id, Date.parse(e.created_at));
      const webhook = deps.state.webhook;
      if (!webhook || webhook.disabled) return [];
      // A webhook receives the events that happen after it was registered.
      const batch = fresh.filter((e) => Date.parse(e.created_at) >= webhook.createdAt);
      if (batch.length === 0) return [];
      if (reverse) {
        batch.reverse();
        reverse = false;
      }
      const target = { endpoint: webhook.endpoint, secret: webhook.secret };
      const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
      const encoding = options.encoding ?? 'hex';
      const out: Delivery[] = [];
      for (const event of batch) {
        if (dropCount > 0) {
          dropCount -= 1;
          out.push({ eventId: event.id, type: event.type, status: 'dropped', attempts: 0 });
          continue;
        }
        const copies = duplicate ? 2 : 1;
        duplicate = false;
        for (let i = 0; i < copies; i += 1) out.push(await send(event, target, doFetch, encoding));
      }
      return out;
    },
    dropNext(n) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`dropNextDeliveries needs a non-negative integer, got ${n}`);
      dropCount += n;
    },
    duplicateNext() {
      duplicate = true;
    },
    reverseNextBatch() {
      reverse = true;
    },
  };
}

async function send(
  event: SimulatorEvent,
  target: { endpoint: string; secret: string },
  doFetch: typeof fetch,
  encoding: SignatureEncoding,
): Promise<Delivery> {
  const body = JSON.stringify(event);
  const headers = {
    'content-type': 'application/json',
    'Polytomic-Signature': signDelivery(target.secret, body, encoding),
  };
  let status = 0;
  let attempts = 0;
  while (attempts <= MAX_DELIVERY_RETRIES) {
    attempts += 1;
    try {
      const response = await doFetch(target.endpoint, { method: 'POST', headers, body });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) break;
  }
  return { eventId: event.id, type: event.type, status, attempts };
}
