import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, scaleTiming } from '../../src/lib/core/timing.js';

describe('scaleTiming', () => {
  it('scales every duration together, the retry delays included, so their ratios hold', () => {
    const fast = scaleTiming(0.05);
    expect(fast.jobLeaseMs).toBe(4_500);
    expect(fast.jobRetryDelaysMs).toEqual([250, 1_500]);
    expect(fast.slackTimeoutMs).toBe(500);
    expect(fast.postInFlightMs).toBe(750);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(DEFAULT_TIMING).sort());
  });

  it('keeps the deployed timing at scale 1, and never scales a duration to zero', () => {
    expect(scaleTiming(1)).toBe(DEFAULT_TIMING);
    expect(
      Object.values(scaleTiming(0.00001))
        .flat()
        .every((ms) => ms >= 1),
    ).toBe(true);
  });
});
