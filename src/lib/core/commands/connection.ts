import { defineCommand, quoted, working } from './spec.js';

/** `connection [connection]`: one connection's card, or every connection. Reads only. */
export const connection = defineCommand({
  name: 'connection',
  aliases: ['connections'],
  usage: (command) => [
    `\`${command} connection [connection]\`: a connection's health and schema cache, or every connection`,
  ],
  hint: 'connection [connection]',
  parse: (query) => query,
  changes: () => undefined,
  ack: (query) =>
    working(query === '' ? 'Gathering your connections…' : `Looking up the connection *${quoted(query)}*…`),
  doing: (query) => (query ? 'look up that connection' : 'list your connections'),
});
