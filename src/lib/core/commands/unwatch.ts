import { defineCommand } from './spec.js';
import { parseWatch, watch, workingOnAlerts } from './watch.js';

/** `unwatch <sync>|all`: stops a watch. Always a change (without a target it only explains, after the check). */
export const unwatch = defineCommand({
  name: 'unwatch',
  aliases: [],
  // Help describes it on the watch line.
  usage: () => [],
  hint: 'unwatch [sync]',
  parse: parseWatch,
  changes: () => 'watch',
  ack: workingOnAlerts,
  doing: watch.doing,
});
