import { requestRefresh } from '../refresh.js';
import type { CommandRun } from '../slack-work.js';

export const runRefresh: CommandRun<string> = (deps, { query, who, commandName, job, log }) =>
  requestRefresh({ ...deps, log }, { job, query, userId: who.userId, channelId: who.channelId, commandName });
