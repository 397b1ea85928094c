import { DateTime, IANAZone } from 'luxon';
import type { DigestSchedule } from './digest.js';

/** Whether Slack's or a person's time zone name is one the tz database knows. */
export const isTimeZone = (name: string): boolean => IANAZone.isValidZone(name);

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
