import { AppError } from '../../errors.js';

export type PolytomicErrorCode =
  | 'polytomic_unauthorized'
  | 'polytomic_forbidden'
  | 'polytomic_not_found'
  | 'polytomic_conflict'
  | 'polytomic_bad_request'
  | 'polytomic_rate_limited'
  | 'polytomic_unavailable'
  | 'polytomic_timeout'
  | 'polytomic_unreachable'
  | 'polytomic_bad_response';

const TRANSIENT: ReadonlySet<PolytomicErrorCode> = new Set([
  'polytomic_rate_limited',
  'polytomic_unavailable',
  'polytomic_timeout',
  'polytomic_unreachable',
]);

/** A failed call to Polytomic; `detail` is Polytomic's own message, safe to show (it never holds the key). */
export class PolytomicError extends AppError {
  declare readonly code: PolytomicErrorCode;
  constructor(
    code: PolytomicErrorCode,
    readonly httpStatus: number | undefined,
    readonly detail: string | undefined,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, `Polytomic ${httpStatus ?? 'request'} ${code}${detail ? `: ${detail}` : ''}`, options);
  }

  /** Worth trying again later: rate limits, 5xx, timeouts and network failures. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

export function codeForStatus(status: number): PolytomicErrorCode {
  if (status === 401) return 'polytomic_unauthorized';
  if (status === 403) return 'polytomic_forbidden';
  if (status === 404) return 'polytomic_not_found';
  if (status === 409) return 'polytomic_conflict';
  if (status === 429) return 'polytomic_rate_limited';
  if (status >= 500) return 'polytomic_unavailable';
  return 'polytomic_bad_request';
}
