import { sleep as realSleep } from '../clock.js';
import type { AlertDeps } from './alert-deps.js';
import { flushDueAlerts } from './alerts.js';
import type { DigestDeps } from './digest-run.js';
import { runDueDigests } from './digest-run.js';
import type { CatchupDeps } from './events-catchup.js';
import { catchUpEvents } from './events-catchup.js';
import type { HomeDeps } from './home.js';
import { homesChanged, republishHomes } from './home.js';
import { runIncidentTimers } from './incident.js';
import type { RefreshDeps } from './refresh.js';
import { checkDueRefreshes } from './refresh-poller.js';
import { checkDueRules } from './rule-checks.js';
import type { RunJobDeps } from './run-job.js';
import { runDueJobs } from './run-job.js';

/** The poller's dependencies: one flat object, each store under its own name, that every pass reads from. */
export type PollDeps = RunJobDeps & RefreshDeps & DigestDeps & AlertDeps & CatchupDeps & HomeDeps;

/**
 * One tick: run due jobs (retries, missed deliveries), check due refreshes, post due digests, catch up on
 * Polytomic events, flush due alerts, fire due alert timers (a snooze's end, a failure nobody took), and
 * republish the Homes being looked at when what they show changed.
 */
export async function pollOnce(deps: PollDeps) {
  // Each pass on its own: one that fails (DynamoDB throttled, Polytomic down for the catch-up) is logged and
  // tried again next tick, and never keeps the others from running.
  const pass = async <T>(
    name: string,
    run: () => Promise<T>,
    none: T,
    level: 'warn' | 'error' = 'error',
  ): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      deps.log[level](`${name} failed; it runs again next tick`, { error });
      return none;
    }
  };
  const jobs = await pass('due jobs', () => runDueJobs(deps), { done: 0, retry: 0, failed: 0, skipped: 0 });
  const refreshes = await pass('refresh checks', () => checkDueRefreshes(deps), {
    waiting: 0,
    finished: 0,
    retry: 0,
    lost_race: 0,
  });
  const digests = await pass('digests', () => runDueDigests(deps), {
    posted: 0,
    skipped: 0,
    paused: 0,
    retry: 0,
    lost_race: 0,
  });
  // A refresh over leaves the Homes' list of those in progress; a digest run moves its next run, or pauses it.
  if (refreshes.finished + digests.posted + digests.skipped + digests.paused > 0) await homesChanged(deps);
  // Missed deliveries become jobs here, before the alerts are flushed, so a caught-up event joins the batch.
  const catchup = await pass<Awaited<ReturnType<typeof catchUpEvents>> | 'failed'>(
    'event catch-up',
    () => catchUpEvents(deps),
    'failed',
    'warn',
  );
  // Before the flush, so a rule that fires this tick joins the channel's batch.
  const rules = await pass('rule checks', () => checkDueRules(deps), { checked: 0, fired: 0, retry: 0, lost_race: 0 });
  const alerts = await pass('alert flush', () => flushDueAlerts(deps), { flushed: 0, retry: 0 });
  // After the flush, so a reminder reads the alert states as the flush just left them.
  const incidents = await pass('incident timers', () => runIncidentTimers(deps), { reminded: 0, done: 0, retry: 0 });
  // Last, so the Homes show what this tick changed.
  const homes = await pass('home republish', () => republishHomes(deps), { republished: 0, failed: 0 }, 'warn');
  return { jobs, refreshes, digests, alerts, catchup, rules, incidents, homes };
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
  const clock = deps.clock;
  for (let ticks = 1; ; ticks++) {
    const tally = await pollOnce(deps);
    deps.log.debug('poll tick', { tick: ticks, ...tally });
    if (clock.now() + options.intervalMs >= options.stopAt) return { ticks };
    const busy = await Promise.all([
      deps.refreshStore.hasActive(),
      deps.jobStore.hasActive(),
      deps.alertStore.hasPendingFlush(),
    ]);
    if (!busy.some(Boolean)) return { ticks };
    await sleep(options.intervalMs);
  }
}
