import type { Context } from 'aws-lambda';
import { pollWhileBusy } from '../lib/app/poll.js';
import { workerDepsFromEnv } from './worker-deps.js';

const deps = await workerDepsFromEnv('poll');

// Stop well before the next scheduled invocation (1 minute) and the function's timeout.
const MAX_RUN_MS = 50_000;
const TIMEOUT_MARGIN_MS = 8_000;

/**
 * EventBridge, every minute: one poll tick (due jobs, refresh checks, digests, the event catch-up, alert
 * flushes), then another every 5 s while jobs, refreshes or alert flushes are pending.
 */
export async function handler(_event: unknown, context: Context): Promise<void> {
  const now = Date.now();
  const stopAt = Math.min(now + MAX_RUN_MS, now + context.getRemainingTimeInMillis() - TIMEOUT_MARGIN_MS);
  const { ticks } = await pollWhileBusy(deps, { stopAt, intervalMs: deps.timing.refreshCheckIntervalMs });
  deps.log.info('poll finished', { ticks });
}
