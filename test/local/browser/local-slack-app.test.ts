import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../src/lib/core/slack-signature.js';
import { createFeed } from '../../../src/local/browser/feed.js';
import { createLocalSlackApp } from '../../../src/local/browser/local-slack-app.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback } from '../../support/servers.js';

const SECRET = 'page-test-secret';

/** A stand-in for the bot: checks each request's signature as the bot does, keeps it, answers like an ack. */
const received: { contentType: string; body: string; signed: boolean }[] = [];
const bot = new Hono().post('/slack/events', async (c) => {
  const body = await c.req.text();
  const check = verifySlackSignature({
    signingSecret: SECRET,
    rawBody: body,
    timestamp: c.req.header('x-slack-request-timestamp'),
    signature: c.req.header('x-slack-signature'),
    nowMs: Date.now(),
  });
  received.push({ contentType: c.req.header('content-type') ?? '', body, signed: check.ok });
  return body.startsWith('command=') ? c.json({ text: ':hourglass_flowing_sand: Working on it' }) : c.body(null, 200);
});

let server: RunningServer;
const feed = createFeed({ channelId: 'C0LOCAL' });
let page: Hono;
const post = (path: string, body: unknown, contentType = 'application/json') =>
  page.request(path, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

beforeAll(async () => {
  server = await serveOnLoopback(bot);
  page = createLocalSlackApp({
    feed,
    origin: server.origin,
    responseUrlBase: `${server.origin}/_sim/slack/response`,
    signingSecret: SECRET,
  });
});
afterAll(() => server.close());

describe('the local Slack app', () => {
  it('serves the page, its style and its script with the types stripped', async () => {
    expect(await (await page.request('/')).text()).toContain('<script type="module" src="/local-slack.js">');
    const script = await page.request('/local-slack.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).not.toMatch(/\binterface EntryView\b/);
  });

  it('sends a typed command signed, with a response_url on the simulated Slack, and shows its ack to the person', async () => {
    received.length = 0;
    expect((await post('/_local/send', { text: '/polytomic status orders' })).status).toBe(204);
    expect(received.map((r) => [r.contentType, r.signed])).toEqual([['application/x-www-form-urlencoded', true]]);
    const fields = new URLSearchParams(received[0]!.body);
    expect([fields.get('command'), fields.get('text'), fields.get('channel_id'), fields.get('user_id')]).toEqual([
      '/polytomic',
      'status orders',
      'C0LOCAL',
      'U0LOCAL',
    ]);
    expect(fields.get('response_url')).toBe(`${server.origin}/_sim/slack/response/${fields.get('trigger_id')}`);
    expect(feed.views().at(-1)).toMatchObject({
      notes: ['Only visible to you'],
      html: '<div class="section">⏳ Working on it</div>',
    });
  });

  it('sends a press as a signed block_actions payload built from the message, and nothing for a place with no control', async () => {
    feed.record({
      via: 'chat.postMessage',
      channel: 'C0LOCAL',
      ts: '1700000000.000001',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'sync_update',
              value: 'model:1',
              text: { type: 'plain_text', text: 'Update' },
            },
          ],
        },
      ],
      at: 0,
    });
    const card = feed.views().at(-1)!;
    received.length = 0;
    expect((await post('/_local/press', { entry: card.id, block: 0, element: 0 })).status).toBe(204);
    expect((await post('/_local/press', { entry: card.id, block: 0, element: 1 })).status).toBe(400);
    expect(received).toHaveLength(1);
    expect(received[0]!.signed).toBe(true);
    const payload = JSON.parse(new URLSearchParams(received[0]!.body).get('payload')!) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'block_actions', actions: [{ action_id: 'sync_update', value: 'model:1' }] });
  });

  it('refuses what does not come from the page: a body that is not JSON', async () => {
    received.length = 0;
    expect((await post('/_local/send', { text: '/polytomic status' }, 'text/plain')).status).toBe(415);
    expect(received).toEqual([]);
  });

  it('answers another slash command as Slack does, sending nothing', async () => {
    received.length = 0;
    await post('/_local/send', { text: '/giphy cats' });
    expect(received).toEqual([]);
    expect(feed.views().at(-1)).toMatchObject({
      notes: ['Slackbot', 'Only visible to you'],
      html: '<div class="section">/giphy is not a valid command. This workspace has /polytomic.</div>',
    });
  });
});
