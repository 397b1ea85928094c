import type { DigestSchedule } from './digest-schedule.js';
import type { RunHealth } from './sync.js';

/** Which syncs a digest covers. */
export type DigestScope =
  | { kind: 'all' }
  | { kind: 'only_failing' }
  | { kind: 'syncs'; syncs: { id: string; kind: 'model' | 'bulk'; name: string }[] };

/** What the last digest saw, to call out new failures and recoveries next time. */
export type DigestSnapshot = Record<string, RunHealth>;

export interface DigestSubscription {
  id: string;
  channelId: string;
  schedule: DigestSchedule;
  scope: DigestScope;
  createdBy: string;
  /** The job that set it up: its retry (the answer lost) is told it was set up, not that it already was. */
  createdByJob?: string;
  createdAt: number;
  nextRunAt: number;
  version: number;
  snapshot?: DigestSnapshot;
  /** The run being posted and until when its poster holds it; cleared once posted. */
  posting?: { runAt: number; until: number };
  /** Paused when Slack refuses the channel for good (archived, not found, bot removed). */
  paused?: { reason: string; at: number };
  lastPostedAt?: number;
}

export const DIGEST_POLICY = {
  /** Slack allows about one message per second per channel; the threaded details wait this long after the digest. */
  perChannelGapMs: 1_100,
  /** Failing syncs shown in the digest itself, each with its buttons; the rest go to the thread. */
  failingShown: 8,
  maxSubscriptionsPerChannel: 10,
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const weekdayName = (weekday: number) => WEEKDAYS[weekday - 1] ?? '?';

/** The ISO weekday a person named: `mon`, `Monday`, `mondays`, `tues`, `weds`, `thurs`…; undefined for anything else. */
export function parseWeekday(word: string): number | undefined {
  const lower = word.toLowerCase();
  const named = (w: string) => (w.length >= 3 ? WEEKDAYS.findIndex((day) => day.toLowerCase().startsWith(w)) : -1);
  const index = named(lower) >= 0 ? named(lower) : lower.endsWith('s') ? named(lower.slice(0, -1)) : -1;
  return index >= 0 ? index + 1 : undefined;
}

/** A digest id as typed or pressed: ids are six hex characters, matched whatever their case. */
export const normaliseDigestId = (id: string): string => id.toLowerCase();

export type DigestCommand =
  | { kind: 'list' }
  | { kind: 'off'; id?: string }
  | { kind: 'now' }
  | {
      kind: 'subscribe';
      schedule: Omit<DigestSchedule, 'timeZone'> & { timeZone?: string };
      /** Sync names as typed, resolved later; or a scope that needs no names. */
      scope: { kind: 'all' } | { kind: 'only_failing' } | { kind: 'names'; names: string[] };
    }
  | { kind: 'invalid'; problem: string };

/**
 * Reads `digest …`: `daily 09:00 [tz]`, `weekdays 08:30 [tz]`, `weekly mon 09:00 [tz]`, each optionally
 * followed by `for <sync>[, <sync>…]` or `only failing`; or `off [id]`, `now`, or nothing (the list).
 */
export function parseDigestCommand(text: string): DigestCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase();
  if (!first) return { kind: 'list' };
  if (first === 'off' || first === 'stop' || first === 'remove')
    return words[1] ? { kind: 'off', id: normaliseDigestId(words[1]) } : { kind: 'off' };
  if (first === 'now' || first === 'preview') return { kind: 'now' };
  if (first !== 'daily' && first !== 'weekdays' && first !== 'weekly') {
    return {
      kind: 'invalid',
      problem: `I don't know the schedule \`${first}\`: use \`daily\`, \`weekdays\` or \`weekly <day>\`.`,
    };
  }
  let rest = words.slice(1);
  let weekday: number | undefined;
  if (first === 'weekly') {
    weekday = parseWeekday(rest[0] ?? '');
    if (weekday === undefined)
      return { kind: 'invalid', problem: 'Say which day for a weekly digest, e.g. `weekly mon 09:00`.' };
    rest = rest.slice(1);
  }
  const time = /^([01]?\d|2[0-3])[:h.]([0-5]\d)$/.exec(rest[0] ?? '');
  if (!time) return { kind: 'invalid', problem: 'Give the time as HH:MM on a 24-hour clock, e.g. `09:00` or `17:30`.' };
  rest = rest.slice(1);
  let timeZone: string | undefined;
  if (rest[0] && !['for', 'only'].includes(rest[0].toLowerCase())) {
    timeZone = rest[0];
    rest = rest.slice(1);
  }
  const tail = rest.join(' ');
  let scope: Extract<DigestCommand, { kind: 'subscribe' }>['scope'] = { kind: 'all' };
  if (/^only\s+failing$/i.test(tail)) scope = { kind: 'only_failing' };
  else if (/^for\s+\S/i.test(tail)) {
    const names = tail
      .replace(/^for\s+/i, '')
      .split(',')
      .map((n) => n.trim().replace(/^["“”']|["“”']$/g, ''))
      .filter(Boolean);
    scope = { kind: 'names', names };
  } else if (tail !== '') {
    return {
      kind: 'invalid',
      problem: `I didn't understand \`${tail}\`: end with \`for <sync>, <sync>\` or \`only failing\`, or nothing for every sync.`,
    };
  }
  return {
    kind: 'subscribe',
    schedule: { every: first, weekday, hour: Number(time[1]), minute: Number(time[2]), timeZone },
    scope,
  };
}
