import { createHash } from 'node:crypto';
import type { DigestSubscription } from './digest.js';
import { canonicalTimeZone } from './digest-schedule.js';

// Apart from core/digest.ts because the canonical zone needs luxon, which the acknowledgement (it parses
// `digest …` commands) does without.

/**
 * What makes two subscriptions the same digest, normalised: the channel, when it comes (the weekday only
 * for a weekly one), the time zone's canonical name, and what it covers (sync ids sorted, once each).
 */
export function digestDefinition(subscription: Pick<DigestSubscription, 'channelId' | 'schedule' | 'scope'>): string {
  const { every, weekday, hour, minute, timeZone } = subscription.schedule;
  const { scope } = subscription;
  return [
    subscription.channelId,
    every === 'weekly' ? `weekly ${weekday}` : every,
    `${hour}:${minute}`,
    canonicalTimeZone(timeZone) ?? timeZone,
    scope.kind === 'syncs'
      ? `syncs ${[...new Set(scope.syncs.map((s) => s.id.toLowerCase()))].sort().join(',')}`
      : scope.kind,
  ].join('|');
}

/**
 * The ids a definition may be stored under, in order: six hex characters each, from its hash. Two
 * identical subscribe commands, even concurrent, try the same id first, so a conditional write keeps one;
 * the rest are there for the rare different definition that already holds an id.
 */
export function digestIdCandidates(definition: string): string[] {
  const hash = createHash('sha256').update(definition).digest('hex');
  return Array.from({ length: 10 }, (_, i) => hash.slice(i * 6, i * 6 + 6));
}
