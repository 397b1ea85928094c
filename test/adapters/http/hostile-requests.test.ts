import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../src/lib/adapters/http/app.js';
import { jobIdFor } from '../../../src/lib/app/accept-slack-request.js';
import type { Harness } from '../../support/harness.js';
import { startHarness, WEBHOOK_SECRET } from '../../support/harness.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback } from '../../support/servers.js';
import { buttonBody, commandBody, signedHeaders } from '../../support/slack-requests.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const send = (body: string, headers = signedHeaders(body, h.clock.now())) =>
  h.app.request('/slack/events', { method: 'POST', headers, body });
const warnings = () =>
  h.log.lines
    .filter((line) => line.level !== 'DEBUG' && line.level !== 'INFO')
    .map((line) => `${line.level} ${line.message}`);
const buttonPayload = (body: string): Record<string, unknown> =>
  JSON.parse(new URLSearchParams(body).get('payload')!) as Record<string, unknown>;
const asButtonBody = (payload: Record<string, unknown>) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe('a body over 64 KB', () => {
  it('is refused with 413 and a warning on either route, signed or not, and records nothing', async () => {
    const bigCommand = `${commandBody({ text: 'status', triggerId: 'big-command', responseUrl: h.slack.responseUrl(h.slackOrigin, 'r1') })}&padding=${'x'.repeat(MAX_BODY_BYTES)}`;
    const bigButton = buttonBody({
      actionId: 'sync_update',
      value: `model:${'x'.repeat(600_000)}`,
      triggerId: 'big-button',
      responseUrl: h.slack.responseUrl(h.slackOrigin, 'r2'),
    });
    const bigEvent = JSON.stringify({
      id: 'e-big',
      type: 'sync.failed',
      created_at: new Date(h.clock.now()).toISOString(),
      event: { sync_id: 's1', error: 'e'.repeat(500_000) },
    });
    const answers = [
      await send(bigCommand),
      await send(bigButton),
      await send(bigButton, {}),
      await h.app.request('/polytomic/events', {
        method: 'POST',
        headers: { 'polytomic-signature': createHmac('sha256', WEBHOOK_SECRET).update(bigEvent).digest('hex') },
        body: bigEvent,
      }),
    ];
    expect(await Promise.all(answers.map(async (r) => [r.status, await r.json()]))).toEqual(
      Array(4).fill([413, { error: 'body_too_large' }]),
    );
    expect(warnings()).toEqual(Array(4).fill('WARN request refused: body over the limit'));
    for (const trigger of ['big-command', 'big-button']) expect(await h.jobs.get(jobIdFor(trigger))).toBeUndefined();
    expect(await h.jobs.get(jobIdFor('polytomic-event:e-big'))).toBeUndefined();
  });

  it('is not refused when just under the limit: a button on a long message is recorded', async () => {
    const press = buttonBody({
      actionId: 'sync_update',
      value: 'model:abc',
      triggerId: 'long-message',
      responseUrl: h.slack.responseUrl(h.slackOrigin, 'r1'),
    });
    const withMessage = asButtonBody({
      ...buttonPayload(press),
      message: { ts: '1700000000.000100', text: 'm'.repeat(MAX_BODY_BYTES - press.length - 200) },
    });
    expect(withMessage.length).toBeGreaterThan(MAX_BODY_BYTES - 1_000);
    expect((await send(withMessage)).status).toBe(200);
    expect(await h.jobs.get(jobIdFor('long-message'))).toMatchObject({ kind: 'slack_action' });
  });
});

describe('a body over 64 KB on a real connection', () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await serveOnLoopback(h.app);
  });
  afterEach(async () => server.close());

  /** POSTs chunks until the server answers (or `limit` bytes are written); resolves with the status and the bytes sent. */
  function post(
    headers: Record<string, string>,
    body: 'endless' | 'none',
  ): Promise<{ status: number; written: number }> {
    const url = new URL('/slack/events', server.origin);
    return new Promise((resolve, reject) => {
      let written = 0;
      let answered = false;
      const req = httpRequest(url, { method: 'POST', headers }, (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, written });
        req.destroy();
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      if (body === 'none') return req.flushHeaders();
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const writeMore = () => {
        // 50 MB without an answer means the server reads it all: the limit is not enforced while reading.
        while (!answered && written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return req.once('drain', writeMore);
        }
        if (!answered) req.end();
      };
      writeMore();
    });
  }

  it('is cut off while it is still being sent when chunked, without a Content-Length', async () => {
    const answer = await post(
      { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      'endless',
    );
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(10 * 1024 * 1024);
  });

  it('is refused from its Content-Length before a byte of it is read', async () => {
    const answer = await post(
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) },
      'none',
    );
    expect(answer).toEqual({ status: 413, written: 0 });
  });
});

describe('a response_url that is not Slack', () => {
  let internal: RunningServer;
  let hits: string[];
  beforeEach(async () => {
    hits = [];
    // An internal address the bot must never be made to post to.
    const app = new Hono().all('*', (c) => {
      hits.push(c.req.path);
      return c.json({ ok: true });
    });
    internal = await serveOnLoopback(app);
  });
  afterEach(async () => internal.close());

  it('makes the acknowledgement refuse a command, a button and a button that names it only in response_urls, and nothing is posted anywhere', async () => {
    const elsewhere = `${internal.origin}/hooks/answers`;
    const command = commandBody({ text: 'status Orders', triggerId: 't-command', responseUrl: elsewhere });
    const button = buttonBody({
      actionId: 'sync_update',
      value: 'model:abc',
      triggerId: 't-button',
      responseUrl: elsewhere,
    });
    const { response_url: _omitted, ...withoutUrl } = buttonPayload(
      buttonBody({ actionId: 'sync_update', value: 'model:abc', triggerId: 't-urls', responseUrl: elsewhere }),
    );
    const viaList = asButtonBody({
      ...withoutUrl,
      response_urls: [{ block_id: 'b1', action_id: 'a1', channel_id: 'C0DATA', response_url: elsewhere }],
    });
    for (const body of [command, button, viaList]) {
      const response = await send(body);
      expect([response.status, await response.json()]).toEqual([400, { error: 'response_url_not_allowed' }]);
    }
    await h.settleWithRetries();
    expect(hits).toEqual([]);
    expect(h.slack.messages).toEqual([]);
    for (const trigger of ['t-command', 't-button', 't-urls'])
      expect(await h.jobs.get(jobIdFor(trigger))).toBeUndefined();
    const refusals = h.log.lines.filter((line) => line.level === 'WARN');
    expect(refusals.map((line) => [line.message, line.reason, line.responseUrlOrigin])).toEqual(
      Array(3).fill([
        'slack request refused: its response_url is not on an origin in SLACK_RESPONSE_URL_ORIGINS, and the answers would be posted there',
        'response_url_not_allowed',
        internal.origin,
      ]),
    );
    expect(JSON.stringify(h.log.lines)).not.toContain('/hooks/answers');
  });

  it('is refused when it differs from an allowed origin only in scheme or port', async () => {
    const allowed = new URL(h.slackOrigin);
    for (const [index, origin] of [
      `https://${allowed.host}`,
      `http://${allowed.hostname}:${Number(allowed.port) + 1}`,
    ].entries()) {
      const body = commandBody({ text: 'status', triggerId: `t-${index}`, responseUrl: `${origin}/response/x` });
      expect((await send(body)).status).toBe(400);
    }
  });
});

describe('what a job keeps of a request', () => {
  it("leaves out Slack's legacy verification token, from commands and buttons alike", async () => {
    const command = commandBody({
      text: 'status Orders',
      triggerId: 't-command',
      responseUrl: h.slack.responseUrl(h.slackOrigin, 'r1'),
    });
    const button = asButtonBody({
      ...buttonPayload(
        buttonBody({
          actionId: 'sync_update',
          value: 'model:abc',
          triggerId: 't-button',
          responseUrl: h.slack.responseUrl(h.slackOrigin, 'r2'),
        }),
      ),
      token: 'deprecated-verification-token',
    });
    for (const body of [command, button]) expect((await send(body)).status).toBe(200);
    for (const trigger of ['t-command', 't-button']) {
      const job = await h.jobs.get(jobIdFor(trigger));
      expect(job?.payload).toBeDefined();
      expect(JSON.parse(job!.payload)).not.toHaveProperty('token');
      expect(job!.payload).not.toContain('deprecated-verification-token');
    }
  });

  it('refuses a command with a field longer than Slack ever sends, rather than store it', async () => {
    const body = `${commandBody({ text: 'status', triggerId: 't-long', responseUrl: h.slack.responseUrl(h.slackOrigin, 'r1') })}&user_name=${'a'.repeat(1_000)}`;
    expect((await send(body)).status).toBe(400);
    expect(await h.jobs.get(jobIdFor('t-long'))).toBeUndefined();
  });

  it('keeps of a Polytomic event only what alerts read, each text cut to a bound', async () => {
    const event = {
      id: 'e-long',
      type: 'sync.failed',
      created_at: new Date(h.clock.now()).toISOString(),
      organization_id: 'o1',
      extra: 'x'.repeat(5_000),
      event: { sync_id: 's1', sync_name: 'Orders', error: 'e'.repeat(40_000), warnings: ['w'.repeat(10_000)] },
    };
    expect((await h.deliver(event)).status).toBe(200);
    const job = await h.jobs.get(jobIdFor('polytomic-event:e-long'));
    expect(JSON.parse(job!.payload)).toEqual({
      id: 'e-long',
      type: 'sync.failed',
      created_at: event.created_at,
      event: { sync_id: 's1', sync_name: 'Orders', error: 'e'.repeat(2_000) },
    });
  });
});
