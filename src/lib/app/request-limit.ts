import type { Clock } from '../clock.js';
import type { SlackMessage } from '../core/message.js';
import { renderSlowDown, requestWindow } from '../core/request-limit.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import type { RequestCountStore } from './ports/request-count-store.js';

export interface RequestLimitDeps {
  requestCountStore: RequestCountStore;
  /** Requests one person may make in a window. */
  requestsPerPersonPerMinute: number;
  clock: Clock;
  log: Log;
}

/**
 * Undefined when the job may go on; else the answer to give instead. Only a job's first attempt counts, so
 * a retry never spends a second request nor is refused half way.
 */
export async function overRequestLimit(deps: RequestLimitDeps, job: Job): Promise<SlackMessage | undefined> {
  if (job.attempts > 1) return undefined;
  const now = deps.clock.now();
  const window = requestWindow(now);
  const counted = await deps.requestCountStore.take({
    teamId: job.teamId,
    userId: job.userId,
    windowStart: window.start,
    windowEnd: window.end,
    limit: deps.requestsPerPersonPerMinute,
  });
  if (counted) return undefined;
  deps.log.warn('request over the per-person limit', { limit: deps.requestsPerPersonPerMinute });
  return renderSlowDown(deps.requestsPerPersonPerMinute, now);
}
