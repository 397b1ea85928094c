import { performance } from 'node:perf_hooks';
import { DEFAULT_TIMING } from '../src/lib/core/timing.js';
import { createTestClock } from '../test/support/clock.js';
import type { Engine } from '../test/support/dynamo.js';
import { startHarness } from '../test/support/harness.js';
import { summarise } from './support.js';

const ROUNDS = 40;
// The deployed schedule: an invocation each minute that keeps ticking for at most 50 s (src/handlers/poll.ts).
const MINUTE = 60_000;
const INVOCATION_MS = 50_000;

/** A small deterministic generator, so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Delay from "the cache turned fresh in Polytomic" to "the threaded reply is posted". Simulated time: the
 * real poller code runs each tick against DynamoDB Local and the simulators, on the deployed schedule
 * (ticks every 5 s after the previous one ends, for 50 s of each minute); refreshes finish at random
 * moments. The delay is the wait for the next tick plus that tick's real processing time.
 */
export async function benchRefreshLatency(engine: Engine) {
  const clock = createTestClock(Date.parse('2026-11-23T10:00:00Z'));
  const h = await startHarness({ engine, clock, polytomic: { refreshDurationMs: 24 * 3_600_000 } });
  const connections = h.polytomic.connections.filter((c) => c.status === 'healthy');
  const rng = random(42);
  const delays: number[] = [];
  const tickMs: number[] = [];
  let tickAt = clock.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const connection of connections) await h.command(`refresh ${connection.name}`);
    await h.settle();
    const start = clock.now();
    const finishes = connections.map((c) => ({
      id: c.id,
      at: start + 5_000 + Math.floor(rng() * 115_000),
      freshAt: 0,
      done: false,
    }));
    while (finishes.some((f) => !f.done)) {
      const next = finishes.filter((f) => !f.freshAt).sort((a, b) => a.at - b.at)[0];
      if (next && next.at <= tickAt) {
        clock.set(next.at);
        h.polytomic.finishRefresh(next.id);
        next.freshAt = clock.now();
        continue;
      }
      clock.set(Math.max(tickAt, clock.now()));
      const began = performance.now();
      await h.tick();
      const processing = performance.now() - began;
      tickMs.push(processing);
      for (const f of finishes.filter((f) => f.freshAt && !f.done)) {
        const refresh = await h.worker.refreshStore.get(f.id);
        if (refresh?.status === 'done' && refresh.replyTs) {
          f.done = true;
          delays.push(clock.now() - f.freshAt + processing);
        }
      }
      // The loop sleeps 5 s after a tick ends; past 50 s into the minute the invocation returns and the next minute's starts.
      tickAt = clock.now() + processing + DEFAULT_TIMING.refreshCheckIntervalMs;
      const minuteStart = Math.floor(clock.now() / MINUTE) * MINUTE;
      if (tickAt >= minuteStart + INVOCATION_MS) tickAt = minuteStart + MINUTE;
    }
  }
  await h.close();
  return { delayMs: summarise(delays), tickMs: summarise(tickMs) };
}
