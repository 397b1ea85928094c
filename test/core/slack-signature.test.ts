import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../src/lib/core/slack-signature.js';

// The known-answer vector from Slack's request-signing documentation.
const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const timestamp = '1531420618';
const body =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const at = Number(timestamp) * 1000;

const verify = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
  verifySlackSignature({ signingSecret: secret, rawBody: body, timestamp, signature, nowMs: at, ...overrides });

describe('verifySlackSignature', () => {
  it("accepts Slack's documented example", () => {
    expect(verify({})).toEqual({ ok: true });
    expect(signSlackRequest(secret, timestamp, body)).toBe(signature);
  });

  it('refuses a body changed by one character', () => {
    expect(verify({ rawBody: body.replace('foobar', 'foobaz') })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify({ signingSecret: 'another-secret' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature of another length without throwing', () => {
    expect(verify({ signature: 'v0=abc' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a request more than five minutes old, and one from five minutes in the future', () => {
    expect(verify({ nowMs: at + 300_000 })).toEqual({ ok: true });
    expect(verify({ nowMs: at + 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ nowMs: at - 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('refuses missing or malformed headers', () => {
    expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ timestamp: '1531420618; drop' })).toEqual({ ok: false, reason: 'missing_headers' });
  });
});
