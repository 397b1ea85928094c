import type { CommandRun } from '../slack-work.js';
import { lookUpStatus } from '../status.js';

export const runStatus: CommandRun<string> = (deps, { query, commandName, job, log }) =>
  lookUpStatus({ ...deps, log }, { query, commandName, teamId: job.teamId });
