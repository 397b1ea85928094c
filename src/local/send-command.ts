import { existsSync } from 'node:fs';
import { loadConfig } from '../lib/config.js';
import { acknowledgeCommand } from '../lib/core/ack.js';
import { parseCommand } from '../lib/core/command.js';
import { MANIFEST_COMMAND } from '../lib/core/commands/registry.js';
import type { SlackMessage } from '../lib/core/message.js';
import { signSlackRequest } from '../lib/core/slack-signature.js';
import { renderAckForConsole } from './console-render.js';
import { LOCAL_CHANNEL_ID, LOCAL_SIGNING_SECRET, SIMULATED_SLACK_PATH } from './defaults.js';

/**
 * `npm run command -- status orders`: sends the local bot a slash command signed exactly as Slack signs
 * it, with a response_url on the console Slack, and prints the immediate acknowledgement as Slack shows it.
 * `npm run command -- --home` opens the Home tab, `npm run command -- --paste <url>` posts a link: the
 * events Slack would send.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const origin = `http://localhost:${config.PORT}`;
  const secret = config.SLACK_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET;
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--home') return sendEvent(origin, secret, { type: 'app_home_opened', user: 'U0LOCAL', tab: 'home' });
  if (first === '--paste') return sendEvent(origin, secret, linkShared(rest));
  const text = process.argv.slice(2).join(' ');
  const triggerId = `${Date.now()}.${Math.floor(Math.random() * 1e9)}`;
  const body = new URLSearchParams({
    command: MANIFEST_COMMAND,
    text,
    team_id: 'T0LOCAL',
    team_domain: 'local',
    channel_id: LOCAL_CHANNEL_ID,
    channel_name: 'data-alerts',
    user_id: 'U0LOCAL',
    user_name: 'local.user',
    response_url: `${origin}${SIMULATED_SLACK_PATH}/response/${triggerId}`,
    trigger_id: triggerId,
    api_app_id: 'A0LOCAL',
  }).toString();
  const started = performance.now();
  const response = await sendSigned(origin, secret, body, 'application/x-www-form-urlencoded');
  const elapsed = Math.round(performance.now() - started);
  const raw = await response.text();
  process.stdout.write(`HTTP ${response.status} in ${elapsed} ms\n`);
  process.stdout.write(raw.startsWith('{') ? renderAckForConsole(JSON.parse(raw) as SlackMessage) : `${raw}\n`);
  // Help and unknown words are answered in full right here; anything else is queued and answered later.
  if (response.ok && acknowledgeCommand(parseCommand(text), MANIFEST_COMMAND).queue)
    process.stdout.write('The full answer follows through response_url: watch the terminal running `npm start`.\n');
}

/** Posts a body to the local bot signed as Slack signs it; says where it tried when nothing answers there. */
async function sendSigned(origin: string, secret: string, body: string, contentType: string): Promise<Response> {
  const url = `${origin}/slack/events`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    return await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest(secret, timestamp, body),
      },
      body,
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new Error(
      `Nothing answered at ${url} (${code}). Is the bot running? Start it with \`npm start\`; it listens on PORT (${new URL(origin).port} here), so give both the same PORT.`,
    );
  }
}

/** A person posting these links in the simulated channel, as Slack reports it to the app. */
function linkShared(urls: string[]): Record<string, unknown> {
  if (urls.length === 0) throw new Error('Give the link to paste: npm run command -- --paste <url>');
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'link_shared',
    channel: LOCAL_CHANNEL_ID,
    user: 'U0LOCAL',
    message_ts: ts,
    unfurl_id: `U0LOCAL-${ts}`,
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
  };
}

/** An Events API delivery, signed, with a fresh event id. */
async function sendEvent(origin: string, secret: string, event: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0LOCAL',
    api_app_id: 'A0LOCAL',
    event,
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    event_time: Math.floor(Date.now() / 1000),
  });
  const response = await sendSigned(origin, secret, body, 'application/json');
  process.stdout.write(
    `HTTP ${response.status}: what Slack would show appears in the terminal running \`npm start\`.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
