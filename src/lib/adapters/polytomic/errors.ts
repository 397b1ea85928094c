import type { PolytomicErrorCode } from '../../app/ports/polytomic.js';

/** The error code for a Polytomic HTTP status that is not a success. */
export function codeForStatus(status: number): PolytomicErrorCode {
  if (status === 401) return 'polytomic_unauthorized';
  if (status === 403) return 'polytomic_forbidden';
  if (status === 404) return 'polytomic_not_found';
  if (status === 409) return 'polytomic_conflict';
  if (status === 429) return 'polytomic_rate_limited';
  if (status >= 500) return 'polytomic_unavailable';
  return 'polytomic_bad_request';
}
