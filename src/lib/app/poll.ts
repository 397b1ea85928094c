import { sleep as realSleep } from '../clock.js';
import { runDueDigests } from './digest-run.js';
import type { DigestDeps } from './digest-run.js';
import type { RefreshDeps } from './refresh.js';
import { checkDueRefreshes } from './refresh-watch.js';
import { runDueJobs } from './run-job.js';
import type { RunJobDeps } from './run-job.js';

export interface PollDeps {
  jobs: RunJobDeps;
  refreshes: RefreshDeps;
  digests: DigestDeps;
}

/** One tick: run due jobs (retries, missed deliveries), check due refreshes, post due digests. */
export async function pollOnce(deps: PollDeps) {
  const jobs = await runDueJobs(deps.jobs);
  const refreshes = await checkDueRefreshes(deps.refreshes);
  const digests = await runDueDigests(deps.digests);
  return { jobs, refreshes, digests };
}

/**
 * A scheduled invocation. Schedules tick once a minute at best, so while jobs or refreshes are pending the
 * invocation keeps ticking every `intervalMs` until `stopAt`; with nothing pending it returns after one
 * tick. Digests are due on minute boundaries, so the once-a-minute invocation serves them.
 */
export async function pollWhileBusy(
  deps: PollDeps,
  options: { stopAt: number; intervalMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<{ ticks: number }> {
  const sleep = options.sleep ?? realSleep;
  const clock = deps.jobs.clock;
  for (let ticks = 1; ; ticks++) {
    const tally = await pollOnce(deps);
    deps.jobs.log.debug('poll tick', { tick: ticks, jobs: tally.jobs, refreshes: tally.refreshes, digests: tally.digests });
    if (clock.now() + options.intervalMs >= options.stopAt) return { ticks };
    const [refreshes, jobs] = await Promise.all([deps.refreshes.refreshes.hasActive(), deps.jobs.jobs.hasActive()]);
    if (!refreshes && !jobs) return { ticks };
    await sleep(options.intervalMs);
  }
}
