import type { WatchArgs } from '../../core/commands/watch.js';
import type { CommandRun } from '../slack-work.js';
import { manageWatch } from '../watch.js';

const runWatchVerb =
  (verb: 'watch' | 'unwatch'): CommandRun<WatchArgs> =>
  (deps, { args, who, commandName, log }) =>
    manageWatch({ ...deps, log }, { verb, ...args, userId: who.userId, channelId: who.channelId, commandName });

export const runWatch = runWatchVerb('watch');
export const runUnwatch = runWatchVerb('unwatch');
