import type { App } from '@slack/bolt';
import { parseCommand } from '../core/command.js';
import type { Job } from '../core/job.js';
import { textMessage } from '../core/message.js';
import { REFRESH_ACTION_ID } from '../core/render-connection.js';
import type { Log } from '../log.js';
import { answer } from './answer.js';
import { lookUpConnection } from './connections.js';
import { requestRefresh } from './refresh.js';
import type { RefreshDeps } from './refresh.js';
import type { JobDispatcher } from './run-job.js';
import { lookUpStatus } from './status.js';

export type SlackWorkDeps = RefreshDeps & { polytomicUrl: string };

/** What each listener finds in Bolt's context: the job being run, its logger, and where to put the outcome. */
interface JobContext {
  job: Job;
  log: Log;
  result: { outcome: string };
}

// Polytomic ids are UUIDs; a button value that is not one was not made by this bot (or was tampered with).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Registers the bot's listeners on a receiver-less Bolt app and returns the job dispatcher that feeds it. */
export function createSlackDispatcher(app: App, deps: SlackWorkDeps): JobDispatcher {
  // One slash command per app; matching any name lets a workspace install it as /polytomic-staging too.
  app.command(/.*/, async ({ command, respond, context }) => {
    const { job, log, result } = context as unknown as JobContext;
    const parsed = parseCommand(command.text);
    const reply = (doing: string, produce: Parameters<typeof answer>[0]['produce']) =>
      answer({ job, log, respond, doing, produce, replaceOriginal: true });
    switch (parsed.kind) {
      case 'status':
        result.outcome = await reply(parsed.query ? 'look up that sync' : 'gather the status of your syncs', () =>
          lookUpStatus({ ...deps, log }, parsed.query, command.command),
        );
        return;
      case 'connection':
        result.outcome = await reply(parsed.query ? 'look up that connection' : 'list your connections', () =>
          lookUpConnection(deps.polytomic, parsed.query, command.command),
        );
        return;
      case 'refresh':
        result.outcome = await reply('start the refresh', () =>
          requestRefresh({ ...deps, log }, { job, query: parsed.query, userId: command.user_id, channelId: command.channel_id, commandName: command.command }),
        );
        return;
      default:
        // help and unknown subcommands were answered in the acknowledgement.
        result.outcome = 'answered_in_ack';
    }
  });

  app.action(REFRESH_ACTION_ID, async ({ body, action, respond, context }) => {
    const { job, log, result } = context as unknown as JobContext;
    const connectionId = 'value' in action ? action.value : undefined;
    const channelId = 'channel' in body ? body.channel?.id : undefined;
    if (!connectionId || !UUID.test(connectionId) || !channelId) {
      log.warn('refresh button refused', { value: connectionId?.slice(0, 100) });
      await respond({ ...textMessage(':warning: That button is out of date or not one of mine, so I did nothing. Try `/polytomic refresh <connection>`.'), response_type: 'ephemeral', replace_original: false });
      result.outcome = 'invalid_button';
      return;
    }
    result.outcome = await answer({
      job,
      log,
      respond,
      doing: 'start the refresh',
      replaceOriginal: false,
      produce: () => requestRefresh({ ...deps, log }, { job, query: connectionId, userId: body.user.id, channelId, commandName: '/polytomic' }),
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
