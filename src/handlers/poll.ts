import { runDueJobs } from '../lib/app/run-job.js';
import { workerDepsFromEnv } from './worker-deps.js';

const deps = workerDepsFromEnv('poll');

/** EventBridge schedule: runs every job that is due (retries, and any the stream never delivered). */
export async function handler(): Promise<void> {
  const tally = await runDueJobs(deps);
  deps.log.info('poll finished', tally);
}
