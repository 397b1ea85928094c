import { sleep as realSleep } from '../clock.js';
import { flushDueAlerts } from './alerts.js';
import type { AlertDeps } from './alerts.js';
import { runDueDigests } from './digest-run.js';
import { catchUpEvents } from './events-catchup.js';
import type { CatchupDeps } from './events-catchup.js';
import type { DigestDeps } from './digest-run.js';
import type { RefreshDeps } from './refresh.js';
import { checkDueRefreshes } from './refresh-watch.js';
import { runDueJobs } from './run-job.js';
import type { RunJobDeps } from './run-job.js';

export interface PollDeps {
  jobs: RunJobDeps;
  refreshes: RefreshDeps;
  digests: DigestDeps;
  alerts: AlertDeps;
  catchup: CatchupDeps;
}

/** One tick: run due jobs (retries, missed deliveries), check due refreshes, post due digests and alerts. */
export async function pollOnce(deps: PollDeps) {
  const jobs = await runDueJobs(deps.jobs);
  const refreshes = await checkDueRefreshes(deps.refreshes);
  const digests = await runDueDigests(deps.digests);
  // Missed deliveries become jobs here, before the alerts are flushed, so a caught-up event joins the batch.
  const catchup = await catchUpEvents(deps.catchup).catch((error: unknown) => {
    deps.jobs.log.warn('event catch-up failed; it tries again in a minute', { error });
    return 'failed' as const;
  });
  const alerts = await flushDueAlerts(deps.alerts);
  return { jobs, refreshes, digests, alerts, catchup };
}

/**
 * A scheduled invocation. Schedules tick once a minute at best, so while jobs, refreshes or alerts are pending the
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
    deps.jobs.log.debug('poll tick', { tick: ticks, ...tally });
    if (clock.now() + options.intervalMs >= options.stopAt) return { ticks };
    const busy = await Promise.all([deps.refreshes.refreshes.hasActive(), deps.jobs.jobs.hasActive(), deps.alerts.alerts.hasPendingFlush()]);
    if (!busy.some(Boolean)) return { ticks };
    await sleep(options.intervalMs);
  }
}
