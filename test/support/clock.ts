import type { Clock } from '../../src/lib/clock.js';

/** A clock that moves only when told: retries and leases become testable without waiting. */
export function createTestClock(
  start = Date.parse('2026-11-23T10:14:00Z'),
): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}
