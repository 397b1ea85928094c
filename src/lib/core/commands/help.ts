import type { InAckDeclaration } from './spec.js';

/** `help` (or nothing at all): the usage, answered in the acknowledgement. */
export const help: InAckDeclaration = {
  name: 'help',
  aliases: ['-h', '--help', '?'],
  usage: (command) => [`\`${command} help\`: this message`],
  hint: 'help',
  answeredInAck: true,
};
