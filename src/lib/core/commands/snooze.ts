import type { SnoozeLength } from '../incident.js';
import { parseSnoozeLength } from '../incident.js';
import { defineCommand, working } from './spec.js';

export interface SnoozeArgs {
  /** A sync's name or id; absent when nothing was named. */
  target?: string;
  /** Absent when no length could be read (the run explains). */
  length?: SnoozeLength;
}

/** Reads `<sync> <length>`: the length is the longest ending (up to three words, `until it recovers`) that reads as one. */
export function parseSnooze(query: string): SnoozeArgs {
  const words = query.trim().split(/\s+/).filter(Boolean);
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const length = parseSnoozeLength(words.slice(-n).join(' '));
    if (length) return { target: words.slice(0, -n).join(' '), length };
  }
  return { target: words.join(' ') || undefined };
}

/** Reads `unsnooze <sync>`. */
const parseUnsnooze = (query: string): SnoozeArgs => ({ target: query.trim() || undefined });

const ack = () => working('Working on the snooze…');

/** `snooze <sync> <length>`: no alerts about it in this channel for a while, or until it recovers. */
export const snooze = defineCommand({
  name: 'snooze',
  aliases: [],
  usage: (command) => [
    `\`${command} snooze <sync> 4h|1d|1w|until it recovers\`: no alerts about it here for that long; failures are still recorded, and one reminder comes if it is still failing when the snooze ends (\`unsnooze <sync>\` ends it sooner)`,
  ],
  hint: 'snooze <sync> <duration>',
  parse: parseSnooze,
  changes: () => 'alert',
  ack,
  doing: () => 'snooze that sync',
});

/** `unsnooze <sync>`: its alerts are posted here again. */
export const unsnooze = defineCommand({
  name: 'unsnooze',
  aliases: [],
  // Help describes it on the snooze line.
  usage: () => [],
  hint: 'unsnooze <sync>',
  parse: parseUnsnooze,
  changes: () => 'alert',
  ack,
  doing: () => 'end the snooze',
});
