import { existsSync } from 'node:fs';
import { loadConfig } from '../lib/config.js';
import { acknowledgeCommand } from '../lib/core/ack.js';
import { parseCommand } from '../lib/core/command.js';
import { MANIFEST_COMMAND } from '../lib/core/commands/registry.js';
import type { SlackMessage } from '../lib/core/message.js';
import { renderAckForConsole } from './console-render.js';
import { LOCAL_SIGNING_SECRET, LOCAL_SLACK, SIMULATED_SLACK_PATH } from './defaults.js';
import { linkSharedEvent, localCommandBody, localEventBody, newTriggerId, sendSigned } from './signed-requests.js';

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
  if (first === '--home')
    return sendEvent(origin, secret, { type: 'app_home_opened', user: LOCAL_SLACK.userId, tab: 'home' });
  if (first === '--paste') {
    if (rest.length === 0) throw new Error('Give the link to paste: npm run command -- --paste <url>');
    return sendEvent(origin, secret, linkSharedEvent(rest, `${Math.floor(Date.now() / 1000)}.000100`));
  }
  const text = process.argv.slice(2).join(' ');
  const triggerId = newTriggerId();
  const body = localCommandBody(text, `${origin}${SIMULATED_SLACK_PATH}/response/${triggerId}`, triggerId);
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

/** An Events API delivery, signed. */
async function sendEvent(origin: string, secret: string, event: Record<string, unknown>): Promise<void> {
  const body = localEventBody(event);
  const response = await sendSigned(origin, secret, body, 'application/json');
  process.stdout.write(
    `HTTP ${response.status}: what Slack would show appears in the terminal running \`npm start\`.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
