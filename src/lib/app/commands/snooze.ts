import type { SnoozeArgs } from '../../core/commands/snooze.js';
import { snoozeByCommand, unsnoozeByCommand } from '../incident-actions.js';
import type { CommandRun } from '../slack-work.js';

export const runSnooze: CommandRun<SnoozeArgs> = (deps, { args, who, commandName, job, log }) =>
  snoozeByCommand(deps, { args, userId: who.userId, channelId: who.channelId, commandName, job, log });

export const runUnsnooze: CommandRun<SnoozeArgs> = (deps, { args, who, commandName, job, log }) =>
  unsnoozeByCommand(deps, { args, userId: who.userId, channelId: who.channelId, commandName, job, log });
