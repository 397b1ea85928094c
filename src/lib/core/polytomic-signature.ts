import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks Polytomic's `Polytomic-Signature` header: an HMAC-SHA256 of the raw body with the webhook secret.
 * Polytomic's docs do not say how the digest is encoded, so hex and base64 are both accepted (with or
 * without a `sha256=` prefix), each compared in constant time. Keep every accepted form here, tested.
 */
export function verifyPolytomicSignature(input: {
  secret: string;
  rawBody: string;
  header: string | undefined;
}): boolean {
  if (!input.secret || !input.header) return false;
  const given = input.header.trim().replace(/^sha256=/i, '');
  const digest = createHmac('sha256', input.secret).update(input.rawBody, 'utf8').digest();
  return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')].some((expected) =>
    constantTimeEqual(given, expected),
  );
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
