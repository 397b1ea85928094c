import { usageLines } from './commands/registry.js';
import type { SlackMessage } from './message.js';
import { context, section } from './message.js';
import { escapeCode, escapeWithin } from './mrkdwn.js';

/** Usage, shown for `/polytomic`, `help`, and any subcommand the bot does not know. */
export function renderHelp(command: string, unknown?: { word: string; suggestion?: string }): SlackMessage {
  const intro = unknown
    ? `I don't know \`${escapeWithin(unknown.word, 100, escapeCode)}\`.${unknown.suggestion ? ` Did you mean \`${command} ${unknown.suggestion}\`?` : ''}`
    : 'Polytomic from Slack: check your syncs and refresh connections without leaving the channel.';
  const usage = usageLines(command).join('\n');
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
