import { textMessage } from '../message.js';
import { defineCommand, quoted, working } from './spec.js';

export interface WebhookArgs {
  setup: boolean;
  /** Words after `webhook` that are not `setup`: answered with the usage, never taken as plain `webhook`. */
  unknown?: string;
}

export function parseWebhook(query: string): WebhookArgs {
  const words = query.trim().toLowerCase();
  if (words === '' || words === 'setup') return { setup: words === 'setup' };
  return { setup: false, unknown: query.trim() };
}

/** `webhook [setup]`: where Polytomic sends its events; `setup` (a change) points the webhook at this bot. */
export const webhook = defineCommand({
  name: 'webhook',
  aliases: [],
  usage: (command) => [
    `\`${command} webhook [setup]\`: where Polytomic sends sync events; \`setup\` points its webhook at this bot`,
  ],
  hint: 'webhook',
  parse: parseWebhook,
  changes: (args) => (args.setup ? 'webhook' : undefined),
  ack: (args, command) =>
    args.unknown === undefined
      ? working("Checking Polytomic's webhook…")
      : {
          reply: textMessage(
            `:warning: I don't know \`webhook ${quoted(args.unknown)}\`. \`${command} webhook\` shows where Polytomic sends its events; \`${command} webhook setup\` points them at this bot.`,
          ),
          queue: false,
        },
  doing: () => "manage Polytomic's webhook",
});
