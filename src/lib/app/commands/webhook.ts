import type { WebhookArgs } from '../../core/commands/webhook.js';
import type { CommandRun } from '../slack-work.js';
import { describeWebhook, setUpWebhook } from '../webhook.js';

export const runWebhook: CommandRun<WebhookArgs> = (deps, { args, who, commandName, job, log }) =>
  args.setup
    ? setUpWebhook({ ...deps, log }, { origin: job.origin, userId: who.userId })
    : describeWebhook({ ...deps, log }, { origin: job.origin, commandName });
