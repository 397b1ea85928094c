import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { startHarness } from '../support/harness.js';

// 20 s into a minute: the window ends in 40 s.
const T0 = Date.parse('2026-01-14T10:14:20Z');
let h: Harness;
async function start(options: HarnessOptions = {}) {
  h = await startHarness({ clock: createTestClock(T0), ...options });
}
afterEach(async () => h.close());

const outcomes = () => h.log.lines.filter((line) => line.message === 'job done').map((line) => line.outcome);
const SLOW_DOWN =
  ":hourglass: That's more than 3 requests from you within a minute, so I've set this one aside to keep within Polytomic's limits for everyone. Nothing was done; please try again in 40 seconds.";

async function commands(count: number, fields: { userId?: string } = {}) {
  const sent = [];
  for (let i = 0; i < count; i++) {
    sent.push(await h.command('status Orders to Snowflake', fields));
    await h.settle();
  }
  return sent;
}

describe('the per-person request limit', () => {
  it('answers the request over the limit kindly, in place of its ⏳, and asks nothing of Polytomic for it', async () => {
    await start({ requestsPerPersonPerMinute: 3 });
    const [, , third] = await commands(3);
    const polytomicCallsForThree = h.polytomic.calls.length;
    const [fourth] = await commands(1);
    expect(h.polytomic.calls).toHaveLength(polytomicCallsForThree);
    expect(h.replies(third!.responseUrlId)[0]?.text).toContain('Orders to Snowflake');
    expect(h.replies(fourth!.responseUrlId)).toEqual([
      expect.objectContaining({ text: SLOW_DOWN, responseType: 'ephemeral', replaceOriginal: true }),
    ]);
    expect(outcomes()).toEqual(['answered', 'answered', 'answered', 'rate_limited']);
    expect(h.log.lines.filter((line) => line.message === 'request over the per-person limit')).toEqual([
      expect.objectContaining({ level: 'WARN', userId: 'U0ALICE', limit: 3 }),
    ]);
  });

  it('counts each person on their own, and serves the person again once the minute has turned', async () => {
    await start({ requestsPerPersonPerMinute: 3 });
    await commands(4);
    await commands(1, { userId: 'U0BOB' });
    h.clock.advance(40_000);
    await commands(1);
    expect(outcomes()).toEqual(['answered', 'answered', 'answered', 'rate_limited', 'answered', 'answered']);
  });

  it('counts button presses too, and leaves the pressed card in place', async () => {
    await start({ requestsPerPersonPerMinute: 1 });
    await commands(1);
    const press = await h.press('sync_update', `model:${SIMULATOR_IDS.syncs.ordersToSnowflake}`);
    await h.settle();
    expect(h.replies(press.responseUrlId)).toEqual([
      expect.objectContaining({ replaceOriginal: false, responseType: 'ephemeral' }),
    ]);
    expect(h.replies(press.responseUrlId)[0]?.text).toMatch(/^:hourglass: That's more than 1 requests/);
  });

  it('counts a retried job once: its later attempts are neither counted nor refused', async () => {
    await start({ requestsPerPersonPerMinute: 1 });
    // The first attempt's answer cannot be posted, so the job is tried again.
    h.slack.failNext({ method: 'response_url', status: 500 });
    const [ack] = await commands(1);
    // The retry is due 5 s later, within the same minute.
    h.clock.advance(5_000);
    await h.tick();
    await h.settle();
    expect(h.replies(ack!.responseUrlId)[0]?.text).toContain('Orders to Snowflake');
    expect(outcomes()).toEqual(['answered']);
  });
});
