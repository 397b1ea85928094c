import { DateTime, IANAZone } from 'luxon';

/** When a channel's digest comes: every day, Monday to Friday, or one day a week, at a local time. */
export interface DigestSchedule {
  every: 'daily' | 'weekdays' | 'weekly';
  /** ISO weekday, 1 = Monday … 7 = Sunday; weekly only. */
  weekday?: number;
  hour: number;
  minute: number;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone: string;
}

/**
 * One id per zone, aliases resolved (`Asia/Kolkata` and `Asia/Calcutta` are one zone; `europe/paris` is
 * `Europe/Paris`), to tell whether two digests use the same zone; undefined for a zone the tz database
 * does not know.
 */
export const canonicalTimeZone = (name: string): string | undefined =>
  IANAZone.isValidZone(name)
    ? new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
    : undefined;

/**
 * A zone as the person named it, with the tz database's letter case when only the case differs
 * (`europe/paris` → `Europe/Paris`); an alias they chose is kept, as ICU's id for it may be an older name.
 */
export function normaliseTimeZone(name: string): string | undefined {
  const canonical = canonicalTimeZone(name);
  if (canonical === undefined) return undefined;
  return canonical.toLowerCase() === name.toLowerCase() ? canonical : name;
}

/**
 * The next moment strictly after `afterMs` when this schedule fires, in its own time zone. Luxon does
 * the calendar work: a local time skipped by a spring-forward change moves to the first valid instant
 * after it, a time repeated by a fall-back change fires once (its first occurrence), and month and
 * year ends need nothing special.
 */
export function nextRunAt(schedule: DigestSchedule, afterMs: number): number {
  let day = DateTime.fromMillis(afterMs, { zone: schedule.timeZone }).startOf('day');
  // Eight days always contain the next matching day of any schedule.
  for (let i = 0; i < 9; i++, day = day.plus({ days: 1 })) {
    if (!firesOn(schedule, day.weekday)) continue;
    const at = day.set({ hour: schedule.hour, minute: schedule.minute, second: 0, millisecond: 0 });
    if (at.toMillis() > afterMs) return at.toMillis();
  }
  throw new Error(`no next run for ${JSON.stringify(schedule)}`);
}

function firesOn(schedule: DigestSchedule, weekday: number): boolean {
  if (schedule.every === 'weekdays') return weekday <= 5;
  if (schedule.every === 'weekly') return weekday === schedule.weekday;
  return true;
}
