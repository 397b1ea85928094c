import { describe, expect, it } from 'vitest';
import type { DigestSchedule } from '../../src/lib/core/digest-schedule.js';
import { canonicalTimeZone, nextRunAt, normaliseTimeZone } from '../../src/lib/core/digest-schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const daily = (hour: number, minute: number, timeZone: string): DigestSchedule => ({
  every: 'daily',
  hour,
  minute,
  timeZone,
});

describe('nextRunAt', () => {
  it('fires later today when the time has not passed, otherwise tomorrow, in the schedule’s zone', () => {
    const paris = daily(9, 0, 'Europe/Paris');
    expect(iso(nextRunAt(paris, at('2026-11-23T07:00:00Z')))).toBe('2026-11-23T08:00:00.000Z');
    expect(iso(nextRunAt(paris, at('2026-11-23T08:00:00Z')))).toBe('2026-11-24T08:00:00.000Z');
  });

  it('keeps 09:00 local across the spring-forward change (UTC moves by an hour)', () => {
    const paris = daily(9, 0, 'Europe/Paris');
    const before = nextRunAt(paris, at('2026-03-28T12:00:00Z'));
    const after = nextRunAt(paris, before);
    expect(iso(before)).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(nextRunAt(paris, at('2026-03-27T12:00:00Z')))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(after)).toBe('2026-03-30T07:00:00.000Z');
  });

  it('moves a local time that does not exist on the spring-forward day to the first valid instant', () => {
    const newYork = daily(2, 30, 'America/New_York');
    // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 to 03:00 (07:00Z).
    expect(iso(nextRunAt(newYork, at('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('fires once on the fall-back day, at the first 01:30', () => {
    const newYork = daily(1, 30, 'America/New_York');
    const first = nextRunAt(newYork, at('2026-11-01T04:00:00Z'));
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextRunAt(newYork, first))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('skips the weekend for weekdays, across the end of a month', () => {
    const weekdays: DigestSchedule = { every: 'weekdays', hour: 8, minute: 30, timeZone: 'UTC' };
    // Friday 2026-07-31 after 08:30 → Monday 2026-08-03.
    expect(iso(nextRunAt(weekdays, at('2026-07-31T09:00:00Z')))).toBe('2026-08-03T08:30:00.000Z');
  });

  it('fires weekly on the chosen day, across the end of a year', () => {
    const monday: DigestSchedule = { every: 'weekly', weekday: 1, hour: 9, minute: 0, timeZone: 'Asia/Tokyo' };
    // Thursday 2026-12-31 in Tokyo → Monday 2027-01-04 09:00 JST = 00:00Z.
    expect(iso(nextRunAt(monday, at('2026-12-31T03:00:00Z')))).toBe('2027-01-04T00:00:00.000Z');
  });

  it('handles the end of February in a leap year', () => {
    expect(iso(nextRunAt(daily(23, 0, 'UTC'), at('2028-02-28T23:30:00Z')))).toBe('2028-02-29T23:00:00.000Z');
  });

  it('knows real time zones from made-up ones, and fixes only the letter case of the name given', () => {
    expect(normaliseTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(normaliseTimeZone('europe/PARIS')).toBe('Europe/Paris');
    expect(normaliseTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(normaliseTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(normaliseTimeZone('Mars/Olympus_Mons')).toBeUndefined();
  });

  it('gives one id to the names of one zone', () => {
    expect(canonicalTimeZone('Asia/Kolkata')).toBe(canonicalTimeZone('Asia/Calcutta'));
    expect(canonicalTimeZone('Etc/UTC')).toBe(canonicalTimeZone('UTC'));
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Europe/Berlin')).not.toBe(canonicalTimeZone('Europe/Paris'));
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
  });
});
