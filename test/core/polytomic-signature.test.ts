import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPolytomicSignature } from '../../src/lib/core/polytomic-signature.js';

const secret = 'whsec_test_0123456789';
const rawBody = JSON.stringify({ id: 'e1', type: 'sync.failed', event: { sync_name: 'Orders → Snowflake' } });
const mac = () => createHmac('sha256', secret).update(rawBody, 'utf8');

describe('verifyPolytomicSignature', () => {
  it('accepts a hex digest', () => {
    expect(verifyPolytomicSignature({ secret, rawBody, header: mac().digest('hex') })).toBe(true);
  });

  it('accepts a base64 digest', () => {
    expect(verifyPolytomicSignature({ secret, rawBody, header: mac().digest('base64') })).toBe(true);
  });

  it('accepts a sha256= prefix', () => {
    expect(verifyPolytomicSignature({ secret, rawBody, header: `sha256=${mac().digest('hex')}` })).toBe(true);
  });

  it('refuses a changed body, another secret, a missing header and an empty secret', () => {
    const header = mac().digest('hex');
    expect(verifyPolytomicSignature({ secret, rawBody: rawBody.replace('failed', 'completed'), header })).toBe(false);
    expect(verifyPolytomicSignature({ secret: 'other', rawBody, header })).toBe(false);
    expect(verifyPolytomicSignature({ secret, rawBody, header: undefined })).toBe(false);
    expect(verifyPolytomicSignature({ secret: '', rawBody, header })).toBe(false);
    expect(verifyPolytomicSignature({ secret, rawBody, header: 'abc' })).toBe(false);
  });
});
