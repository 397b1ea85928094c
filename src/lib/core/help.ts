import type { SlackMessage } from './message.js';
import { context, section } from './message.js';
import { escapeCode, escapeWithin } from './mrkdwn.js';

/** Usage, shown for `/polytomic`, `help`, and any subcommand the bot does not know. */
export function renderHelp(command: string, unknown?: { word: string; suggestion?: string }): SlackMessage {
  const intro = unknown
    ? `I don't know \`${escapeWithin(unknown.word, 100, escapeCode)}\`.${unknown.suggestion ? ` Did you mean \`${command} ${unknown.suggestion}\`?` : ''}`
    : 'Polytomic from Slack: check your syncs and refresh connections without leaving the channel.';
  const usage = [
    `\`${command} status <sync>\`: a sync's current and last run, record counts, errors and next run`,
    `\`${command} status\`: every sync at a glance, failing and running first`,
    `\`${command} refresh <connection>\`: have Polytomic re-inspect a connection's schemas; I reply in a thread when it is done`,
    `\`${command} connection [connection]\`: a connection's health and schema cache, or every connection`,
    `\`${command} audit [sync or connection]\`: who changed what through the bot, newest first`,
    `\`${command} digest daily 09:00 [Europe/Paris] [for <sync>, <sync> | only failing]\`: a scheduled summary in this channel (also \`weekdays 08:30\`, \`weekly mon 09:00\`); \`${command} digest\` lists, \`digest off [id]\` stops, \`digest now\` previews`,
    `\`${command} watch <sync>|all [failures|all-runs]\`: alerts in this channel when a sync fails and recovers (\`watch\` lists, \`unwatch <sync>|all\` stops)`,
    `\`${command} webhook [setup]\`: where Polytomic sends sync events; \`setup\` points its webhook at this bot`,
    `\`${command} help\`: this message`,
  ].join('\n');
  return {
    text: `${intro}\n${usage}`,
    blocks: [
      section(intro),
      section(`*Commands*\n${usage}`),
      context(
        'Type a sync or connection by its name (any case) or its id. Buttons on the cards update, start, cancel and share. Only you can see this message.',
      ),
    ],
  };
}
