import type { App } from '@slack/bolt';
import type { PolytomicApi } from '../adapters/polytomic/client.js';
import type { Clock } from '../clock.js';
import { parseCommand } from '../core/command.js';
import type { Job } from '../core/job.js';
import type { Log } from '../log.js';
import { answer } from './answer.js';
import type { JobDispatcher } from './run-job.js';
import { lookUpStatus } from './status.js';

export interface SlackWorkDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  clock: Clock;
}

/** What each listener finds in Bolt's context: the job being run, its logger, and where to put the outcome. */
interface JobContext {
  job: Job;
  log: Log;
  result: { outcome: string };
}

/** Registers the bot's listeners on a receiver-less Bolt app and returns the job dispatcher that feeds it. */
export function createSlackDispatcher(app: App, deps: SlackWorkDeps): JobDispatcher {
  // One slash command per app; matching any name lets a workspace install it as /polytomic-staging too.
  app.command(/.*/, async ({ command, respond, context }) => {
    const { job, log, result } = context as unknown as JobContext;
    const parsed = parseCommand(command.text);
    if (parsed.kind !== 'status') {
      result.outcome = 'answered_in_ack';
      return;
    }
    result.outcome = await answer({
      job,
      log,
      respond,
      doing: parsed.query ? 'look up that sync' : 'gather the status of your syncs',
      produce: () => lookUpStatus({ ...deps, log }, parsed.query, command.command),
    });
  });

  return async (job, log) => {
    const result = { outcome: 'no_listener' };
    await app.processEvent({
      body: JSON.parse(job.payload) as Record<string, unknown>,
      // The HTTP function acknowledged this request long ago; Bolt still wants an ack to call.
      ack: async () => undefined,
      customProperties: { job, log, result } satisfies JobContext,
    });
    return result.outcome;
  };
}
