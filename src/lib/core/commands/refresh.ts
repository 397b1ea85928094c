import { textMessage } from '../message.js';
import { defineCommand, quoted, working } from './spec.js';

/** `refresh <connection>`: Polytomic re-inspects the schemas; the answer comes in a thread. Changes. */
export const refresh = defineCommand({
  name: 'refresh',
  aliases: [],
  usage: (command) => [
    `\`${command} refresh <connection>\`: have Polytomic re-inspect a connection's schemas; I reply in a thread when it is done`,
  ],
  hint: 'refresh <connection>',
  parse: (query) => query,
  changes: () => 'refresh',
  ack: (query, commandName) =>
    query === ''
      ? {
          reply: textMessage(
            `Which connection should I refresh? Type \`${commandName} refresh <connection>\`; \`${commandName} connection\` lists them all.`,
          ),
          queue: false,
        }
      : working(`Asking Polytomic to refresh the schema of *${quoted(query)}*…`),
  doing: () => 'start the refresh',
});
