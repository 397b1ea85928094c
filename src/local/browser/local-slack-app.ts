import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { MANIFEST_COMMAND } from '../../lib/core/commands/registry.js';
import { LOCAL_SLACK } from '../defaults.js';
import {
  interactionBody,
  linkSharedEvent,
  localCommandBody,
  localEventBody,
  newTriggerId,
  sendSigned,
} from '../signed-requests.js';
import type { ElementPlace } from './blocks-html.js';
import type { Feed, FeedEvent } from './feed.js';
import { pressPayload } from './press.js';

const asset = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

/**
 * The local Slack in the browser: a page showing the feed live (server-sent events) and the routes its
 * message box and controls call. What the person does is sent to the bot as Slack sends it: a signed slash
 * command, a signed `block_actions` payload, a signed event (Home opened, links posted), to /slack/events.
 */
export function createLocalSlackApp(options: {
  feed: Feed;
  /** Where the bot listens (its /slack/events) and the simulated Slack's response_url endpoint lives. */
  origin: string;
  responseUrlBase: string;
  signingSecret: string;
}) {
  const { feed, origin } = options;
  // TypeScript for the browser, types stripped once at start: no bundle, no build step.
  const script = transformSync(asset('page-script.ts'), { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const html = asset('page.html');
  const css = asset('page.css');
  const app = new Hono();
  const signed = (body: string, contentType: string) => sendSigned(origin, options.signingSecret, body, contentType);
  const responseUrlFor = (id: string) => `${options.responseUrlBase}/${encodeURIComponent(id)}`;

  app.get('/', (c) => c.html(html));
  app.get('/local-slack.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/local-slack.css', (c) => c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/_local/stream', (c) =>
    streamSSE(c, async (stream) => {
      const queue: FeedEvent[] = [];
      let wake = () => {};
      const unsubscribe = feed.subscribe((event) => {
        queue.push(event);
        wake();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake();
      });
      // Each connection starts from everything there is, so a page that outlived a restart of npm start starts over.
      await stream.writeSSE({ event: 'reset', data: '{}' });
      for (const entry of feed.views()) await stream.writeSSE({ event: 'entry', data: JSON.stringify(entry) });
      while (!stream.aborted) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => {
            // A comment now and then keeps proxies from closing a quiet stream.
            const timer = setTimeout(resolve, 15_000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (queue.length === 0 && !stream.aborted) await stream.write(': still here\n\n');
          continue;
        }
        await stream.writeSSE({
          event: event.type,
          data: JSON.stringify(event.type === 'entry' ? event.entry : { id: event.id }),
        });
      }
    }),
  );

  // Only the page itself may act: a JSON body from another origin needs a CORS preflight, which nothing here answers.
  app.post('/_local/*', async (c, next) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return c.text('JSON only', 415);
    await next();
  });

  /** The message box: a slash command for the app, or a message in the channel (its links previewed). */
  app.post('/_local/send', async (c) => {
    const { text } = (await c.req.json()) as { text?: unknown };
    if (typeof text !== 'string' || !text.trim()) return c.body(null, 204);
    const command = text.trim().match(/^(\/\S+)\s*([\s\S]*)$/);
    if (!command) {
      const message = feed.posted(text);
      const links = message.links ?? [];
      if (links.length > 0)
        await deliver(signed(localEventBody(linkSharedEvent(links, message.ts)), 'application/json'));
      return c.body(null, 204);
    }
    if (command[1] !== MANIFEST_COMMAND) {
      feed.slackbot(`${command[1]} is not a valid command. This workspace has ${MANIFEST_COMMAND}.`);
      return c.body(null, 204);
    }
    const triggerId = newTriggerId();
    const response = await deliver(
      signed(
        localCommandBody(command[2] ?? '', responseUrlFor(triggerId), triggerId),
        'application/x-www-form-urlencoded',
      ),
    );
    const raw = response ? await response.text() : '';
    // Slack shows a command's JSON answer only to the person; an empty 200 shows nothing until response_url.
    if (response?.ok && raw.startsWith('{')) feed.acknowledged(triggerId, JSON.parse(raw) as { text?: string });
    return c.body(null, 204);
  });

  /** A control pressed: the page names the entry and the element's place, the payload is built from the message. */
  app.post('/_local/press', async (c) => {
    const body = (await c.req.json()) as { entry?: unknown; block?: unknown; element?: unknown; option?: unknown };
    const entry = typeof body.entry === 'string' ? feed.entry(body.entry) : undefined;
    const place = placeOf(body.block, body.element);
    if (!entry || !place) return c.text('nothing to press there', 400);
    const triggerId = newTriggerId();
    const payload = pressPayload({
      entry,
      place,
      ...(typeof body.option === 'string' ? { option: body.option } : {}),
      responseUrl: responseUrlFor(triggerId),
      triggerId,
      ...(entry.parent && entry.place === 'attachment' ? { host: feed.entry(entry.parent) } : {}),
      nowMs: Date.now(),
    });
    if (!payload) return c.text('nothing to press there', 400);
    feed.answerTo(triggerId, entry.id);
    await deliver(signed(interactionBody(payload), 'application/x-www-form-urlencoded'));
    return c.body(null, 204);
  });

  /** The Home tab opened: the event Slack sends the app. */
  app.post('/_local/home', async (c) => {
    await deliver(
      signed(localEventBody({ type: 'app_home_opened', user: LOCAL_SLACK.userId, tab: 'home' }), 'application/json'),
    );
    return c.body(null, 204);
  });

  /** Sends a request; what Slack would tell the person when the app refuses or does not answer, it says too. */
  async function deliver(sent: Promise<Response>): Promise<Response | undefined> {
    try {
      const response = await sent;
      if (!response.ok) feed.slackbot(`The app answered HTTP ${response.status}: Slack would say it did not respond.`);
      return response;
    } catch (error) {
      feed.slackbot((error as Error).message);
      return undefined;
    }
  }

  return app;
}

function placeOf(block: unknown, element: unknown): ElementPlace | undefined {
  const index = Number(block);
  if (!Number.isInteger(index) || index < 0) return undefined;
  if (element === 'accessory') return { block: index, element: 'accessory' };
  const at = Number(element);
  return Number.isInteger(at) && at >= 0 ? { block: index, element: at } : undefined;
}
