import { createHash } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the 8-4-4-4-12 hex form the API declares as `format: uuid`. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A stable 32-bit number for a seed string, so runs vary without randomness. */
export function hashNumber(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

/** A number in [min, max] picked deterministically from the seed. */
export function pickInRange(seed: string, min: number, max: number): number {
  return min + (hashNumber(seed) % (max - min + 1));
}

/** A deterministic v4-shaped UUID, valid for strict validators (version and variant bits set). */
export function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** RFC 3339 with milliseconds; sub-second precision keeps "started after I asked" comparisons honest. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The `{status, message}` error body of the API. */
export function errorBody(status: number, message: string): { status: number; message: string } {
  return { status, message };
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// A Request's signal follows its caller's through a weak reference, and its listeners do not keep it alive:
// once garbage-collected it never aborts, and a hung request would hang for ever. Held here until it aborts.
const awaitingAbort = new Set<AbortSignal>();

/** Never settles unless the signal aborts; a hung upstream as a client sees it. */
export function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (!signal) return;
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    awaitingAbort.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        awaitingAbort.delete(signal);
        reject(abortReason(signal));
      },
      { once: true },
    );
  });
}

/** The error a real fetch rejects with when its signal aborts. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
