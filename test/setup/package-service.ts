import { packageService } from '../deploy/osls.js';

/** Once for the run of the `deploy` project: `osls package`, so its tests read what a deploy would upload. */
export async function setup(): Promise<void> {
  await packageService();
}
