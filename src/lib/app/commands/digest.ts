import type { DigestCommand } from '../../core/digest.js';
import { manageDigest } from '../digest.js';
import type { CommandRun } from '../slack-work.js';

export const runDigest: CommandRun<DigestCommand> = (deps, { args, who, commandName, job, log }) =>
  manageDigest(
    { ...deps, log },
    { command: args, userId: who.userId, channelId: who.channelId, commandName, jobId: job.id },
  );
