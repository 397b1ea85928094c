import { sleep as realSleep } from '../clock.js';
import type { RefreshDeps } from './refresh.js';
import { checkDueRefreshes } from './refresh-watch.js';
import { runDueJobs } from './run-job.js';
import type { RunJobDeps } from './run-job.js';

export interface PollDeps {
  jobs: RunJobDeps;
  refreshes: RefreshDeps;
}

/** One tick: run due jobs (retries, missed deliveries), then check due refreshes. */
export async function pollOnce(deps: PollDeps) {
  const jobs = await runDueJobs(deps.jobs);
  const refreshes = await checkDueRefreshes(deps.refreshes);
  return { jobs, refreshes };
}

/**
 * A scheduled invocation. Schedules tick once a minute at best, so while work is pending the invocation
 * keeps ticking every `intervalMs` until `stopAt`; with nothing pending it returns after one tick.
 */
export async function pollWhileBusy(
  deps: PollDeps,
  options: { stopAt: number; intervalMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<{ ticks: number }> {
  const sleep = options.sleep ?? realSleep;
  const clock = deps.jobs.clock;
  for (let ticks = 1; ; ticks++) {
    const tally = await pollOnce(deps);
    deps.jobs.log.debug('poll tick', { tick: ticks, ...tally.jobs, ...tally.refreshes });
    if (clock.now() + options.intervalMs >= options.stopAt) return { ticks };
    const [refreshes, jobs] = await Promise.all([deps.refreshes.refreshes.hasActive(), deps.jobs.jobs.hasActive()]);
    if (!refreshes && !jobs) return { ticks };
    await sleep(options.intervalMs);
  }
}
