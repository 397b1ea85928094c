import { defineCommand, working } from './spec.js';

/** `webhook [setup]`: where Polytomic sends its events; `setup` (a change) points the webhook at this bot. */
export const webhook = defineCommand({
  name: 'webhook',
  aliases: [],
  usage: (command) => [
    `\`${command} webhook [setup]\`: where Polytomic sends sync events; \`setup\` points its webhook at this bot`,
  ],
  hint: 'webhook',
  parse: (query) => ({ setup: query.toLowerCase() === 'setup' }),
  changes: (args) => (args.setup ? 'webhook' : undefined),
  ack: () => working("Checking Polytomic's webhook…"),
  doing: () => "manage Polytomic's webhook",
});
