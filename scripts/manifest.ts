import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { usageHint } from '../src/lib/core/commands/registry.js';
import { stackFromArgs } from './stack.js';

const MANIFEST_FILE = new URL('../slack/manifest.yml', import.meta.url);
/** The stand-in for the deployed URL in slack/manifest.yml. */
export const PLACEHOLDER_URL = 'https://YOUR-API-ID.execute-api.YOUR-REGION.amazonaws.com/slack/events';

export type Manifest = Record<string, unknown>;

function readManifestText(): string {
  return readFileSync(MANIFEST_FILE, 'utf8');
}

/** Polytomic's app when POLYTOMIC_URL is not set, as the deployed bot defaults to it. */
export const DEFAULT_POLYTOMIC_URL = 'https://app.polytomic.com';

/**
 * The manifest with the Request URL in every place Slack sends requests (command, interactivity, events),
 * the slash command's usage hint as the subcommand registry has it, and Polytomic's host as the domain
 * whose links the bot previews.
 */
export function manifestFor(requestUrl: string, options: ManifestOptions = {}): Manifest {
  return filled((options.text ?? readManifestText()).replaceAll(PLACEHOLDER_URL, requestUrl), options);
}

/**
 * The manifest for Socket Mode (`npm start` with SLACK_APP_TOKEN): the same app with `socket_mode_enabled` and no
 * Request URL anywhere, since Slack then sends commands, buttons and events over the app's WebSocket.
 */
export function socketModeManifest(options: ManifestOptions = {}): Manifest {
  const manifest = filled(options.text ?? readManifestText(), options);
  for (const command of manifest.features.slash_commands) delete command.url;
  delete manifest.settings.event_subscriptions.request_url;
  delete manifest.settings.interactivity.request_url;
  manifest.settings.socket_mode_enabled = true;
  return manifest;
}

interface ManifestOptions {
  polytomicUrl?: string;
  text?: string;
}

function filled(text: string, options: ManifestOptions): SlackManifest {
  const manifest = parse(text) as SlackManifest;
  for (const command of manifest.features.slash_commands) command.usage_hint = usageHint();
  manifest.features.unfurl_domains = [new URL(options.polytomicUrl ?? DEFAULT_POLYTOMIC_URL).hostname];
  return manifest;
}

/** The parts of the manifest this script fills in or takes out. */
type SlackManifest = Manifest & {
  features: { slash_commands: { usage_hint: string; url?: string }[]; unfurl_domains: string[] };
  settings: {
    event_subscriptions: { request_url?: string };
    interactivity: { request_url?: string };
    socket_mode_enabled: boolean;
  };
};

/** Accepts the API's base URL or the full Request URL, as `npm run deploy` and the stack output print them. */
export function toRequestUrl(input: string): string {
  const url = new URL(input);
  if (url.protocol !== 'https:') throw new Error(`Slack only calls https URLs, not ${input}`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/slack/events') ? path : `${path}/slack/events`;
  return url.toString();
}

/** Slack's "Create New App" page, opened with this manifest filled in. */
export function createAppLink(manifest: Manifest): string {
  return `https://api.slack.com/apps?new_app=1&manifest_json=${encodeURIComponent(JSON.stringify(manifest))}`;
}

// The stack's SlackRequestUrl output, through the AWS CLI the deploy guide already uses.
function deployedRequestUrl(stackName: string, region: string): string {
  const query = "Stacks[0].Outputs[?OutputKey=='SlackRequestUrl'].OutputValue";
  let output = '';
  try {
    output = execFileSync(
      'aws',
      [
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        stackName,
        '--region',
        region,
        '--query',
        query,
        '--output',
        'text',
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ).trim();
  } catch {
    // The AWS CLI has printed why (no credentials, no such stack).
  }
  if (!output.startsWith('https://')) {
    throw new Error(
      `could not read SlackRequestUrl from the stack ${stackName} in ${region}; pass the URL that \`npm run deploy\` printed instead`,
    );
  }
  return output;
}

/**
 * `npm run manifest -- <url>`, or `npm run manifest -- --stage prod` to read the URL from the deployed stack, or
 * `npm run manifest -- --socket` for `npm start` in a real workspace over Socket Mode.
 */
function main(args: string[]): void {
  if (args.includes('--socket')) {
    printSocketModeManifest();
    return;
  }
  const stack = stackFromArgs(args);
  const [given] = stack.rest;
  const requestUrl = toRequestUrl(given ?? deployedRequestUrl(stack.stackName, stack.region));
  // The same POLYTOMIC_URL the bot is deployed with (README "Configuration when deployed").
  const manifest = manifestFor(requestUrl, { polytomicUrl: process.env.POLYTOMIC_URL || undefined });
  process.stdout.write(
    `${stringify(manifest)}\n` +
      `Request URL: ${requestUrl}\n\n` +
      'Create the app in one click (then Install to Workspace, and copy its Bot User OAuth Token):\n' +
      `${createAppLink(manifest)}\n`,
  );
}

function printSocketModeManifest(): void {
  const manifest = socketModeManifest({ polytomicUrl: process.env.POLYTOMIC_URL || undefined });
  process.stdout.write(
    `${stringify(manifest)}\n` +
      'Socket Mode: no Request URL. Create the app in one click, then (README "Try it in your workspace"):\n' +
      '  1. Basic Information → App-Level Tokens → Generate, with the scope connections:write: SLACK_APP_TOKEN (xapp-…)\n' +
      '  2. Install App → Install to Workspace: the Bot User OAuth Token is SLACK_BOT_TOKEN (xoxb-…)\n' +
      '  3. Both in .env, then npm start\n' +
      `${createAppLink(manifest)}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
