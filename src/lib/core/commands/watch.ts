import type { WatchMode } from '../alerts.js';
import { defineCommand, working } from './spec.js';
import type { NotifyClause } from './watch-notify.js';
import { splitNotify } from './watch-notify.js';

export interface WatchArgs {
  /** A sync's name or id, or `all`; absent to list. */
  target?: string;
  mode: WatchMode;
  /** `notify @a @b` after the sync: who its failures mention (none: clear), or the word refused. */
  notify?: NotifyClause;
}

/** Reads `watch [<sync>|all] [failures|all-runs]` and `unwatch <sync>|all`. */
export function parseWatch(query: string): WatchArgs {
  const { rest, notify } = splitNotify(query);
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1)?.toLowerCase();
  const mode: WatchMode = last === 'all-runs' || last === 'runs' ? 'all-runs' : 'failures';
  if (last === 'all-runs' || last === 'runs' || last === 'failures') words.pop();
  const target = words.join(' ').replace(/^["“”']|["“”']$/g, '');
  return { target: target || undefined, mode, ...(notify && { notify }) };
}

export const workingOnAlerts = () => working("Working on this channel's alerts…");

/** `watch [<sync>|all] [failures|all-runs]`: alerts in this channel. Listing reads; naming a sync changes. */
export const watch = defineCommand({
  name: 'watch',
  aliases: [],
  usage: (command) => [
    `\`${command} watch <sync>|all [failures|all-runs]\`: alerts in this channel when a sync fails and recovers (\`watch\` lists, \`unwatch <sync>|all\` stops)`,
    `\`${command} watch <sync> notify @person @group\`: who its first failure alert mentions, and its reminder when nobody takes it (\`notify none\` clears)`,
  ],
  hint: 'watch [sync]',
  parse: parseWatch,
  changes: (args) => (args.target === undefined ? undefined : 'watch'),
  ack: workingOnAlerts,
  doing: () => "change this channel's alerts",
});
