import type { ArgsOf, QueuedCommandName } from '../../core/commands/registry.js';
import type { CommandRun } from '../slack-work.js';
import { runAudit } from './audit.js';
import { runConnection } from './connection.js';
import { runDigest } from './digest.js';
import { runRefresh } from './refresh.js';
import { runSnooze, runUnsnooze } from './snooze.js';
import { runStatus } from './status.js';
import { runUnwatch, runWatch } from './watch.js';
import { runWebhook } from './webhook.js';

/**
 * The run of every subcommand the acknowledgement queues. Keyed by the registry's names, so a queued
 * subcommand without a run (which would leave its ⏳ up for ever) does not compile.
 */
export const COMMAND_RUNS: { readonly [K in QueuedCommandName]: CommandRun<ArgsOf<K>> } = {
  status: runStatus,
  refresh: runRefresh,
  connection: runConnection,
  audit: runAudit,
  digest: runDigest,
  watch: runWatch,
  unwatch: runUnwatch,
  snooze: runSnooze,
  unsnooze: runUnsnooze,
  webhook: runWebhook,
};
