import { defineCommand, quoted, working } from './spec.js';

/** `status [sync]`: one sync's card, or every sync at a glance. Reads only. */
export const status = defineCommand({
  name: 'status',
  aliases: [],
  usage: (command) => [
    `\`${command} status <sync>\`: a sync's current and last run, record counts, errors and next run`,
    `\`${command} status\`: every sync at a glance, failing and running first`,
  ],
  hint: 'status [sync]',
  parse: (query) => query,
  changes: () => undefined,
  ack: (query) => working(query === '' ? 'Gathering the status of every sync…' : `Looking up *${quoted(query)}*…`),
  doing: (query) => (query ? 'look up that sync' : 'gather the status of your syncs'),
});
