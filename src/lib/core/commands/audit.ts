import { defineCommand, quoted, working } from './spec.js';

/** `audit [sync or connection]`: the changes made through the bot. Reads only. */
export const audit = defineCommand({
  name: 'audit',
  aliases: [],
  usage: (command) => [`\`${command} audit [sync or connection]\`: who changed what through the bot, newest first`],
  hint: 'audit [sync]',
  parse: (query) => query,
  changes: () => undefined,
  ack: (query) =>
    working(
      query === '' ? 'Reading the changes made through the bot…' : `Reading the changes made to *${quoted(query)}*…`,
    ),
  doing: () => 'read the audit trail',
});
