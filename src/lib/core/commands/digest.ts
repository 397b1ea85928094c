import { parseDigestCommand } from '../digest.js';
import { defineCommand, working } from './spec.js';

/** `digest …`: list, subscribe, turn off or preview the channel's digest. Subscribing and turning off change. */
export const digest = defineCommand({
  name: 'digest',
  aliases: [],
  usage: (command) => [
    `\`${command} digest daily 09:00 [Europe/Paris] [for <sync>, <sync> | only failing]\`: a scheduled summary in this channel (also \`weekdays 08:30\`, \`weekly mon 09:00\`); \`${command} digest\` lists, \`digest off [id]\` stops, \`digest now\` previews`,
  ],
  hint: 'digest',
  parse: parseDigestCommand,
  changes: (command) => (command.kind === 'subscribe' || command.kind === 'off' ? 'digest' : undefined),
  ack: () => working("Working on this channel's digest…"),
  doing: () => 'manage the digest',
});
