import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { parseCommand } from '../core/command.js';
import type { Job } from '../core/job.js';
import { isLastAttempt } from '../core/job.js';
import type { SlackMessage } from '../core/message.js';
import { textMessage } from '../core/message.js';
import type { AccessPolicy, ChangeAction } from '../core/policy.js';
import { renderAccessRefused, renderAccessUnchecked } from '../core/render-access.js';
import { AUDIT_OLDER_ACTION, parseAuditCursor } from '../core/render-audit.js';
import { REFRESH_ACTION_ID } from '../core/render-connection.js';
import { DIGEST_OFF_ACTIONS, parseDigestOffValue } from '../core/render-digest-off.js';
import { parseSyncValue, SYNC_ACTIONS } from '../core/render-status.js';
import { isPolytomicId } from '../core/sync.js';
import { parseSyncPress } from '../core/sync-press.js';
import type { Timing } from '../core/timing.js';
import type { Installation } from '../core/workspace.js';
import { decideWorkspace, originOf } from '../core/workspace.js';
import type { Log } from '../log.js';
import { checkAccess } from './access.js';
import type { AlertDeps } from './alerts.js';
import type { Respond } from './answer.js';
import { answer } from './answer.js';
import { auditPage, lookUpAudit } from './audit.js';
import { lookUpConnection } from './connections.js';
import { digestCommandChanges, manageDigest, turnOffDigests } from './digest.js';
import type { DigestStore } from './ports/digest-store.js';
import type { RequestCountStore } from './ports/request-count-store.js';
import type { RefreshDeps } from './refresh.js';
import { requestRefresh } from './refresh.js';
import { overRequestLimit } from './request-limit.js';
import type { JobDispatcher } from './run-job.js';
import type { OverviewCaching } from './status.js';
import { lookUpStatus } from './status.js';
import { cancelRun, renderCurrentCard, startRun } from './sync-actions.js';
import { manageWatch, parseWatch } from './watch.js';
import type { WebhookDeps } from './webhook.js';
import { describeWebhook, setUpWebhook } from './webhook.js';

export type SlackWorkDeps = RefreshDeps & {
  polytomicUrl: string;
  overviews: OverviewCaching;
  policy: AccessPolicy;
  digests: DigestStore;
  alerts: AlertDeps;
  webhook: WebhookDeps;
  /** The one installation served; requests from any other are refused before anything is done. */
  installation: () => Promise<Installation>;
  /** How many commands and presses one person may make a minute, and where they are counted. */
  requests: { counter: RequestCountStore; limit: number };
};

/** What each listener finds in Bolt's context: the job being run, its logger, and where to put the outcome. */
interface JobContext {
  job: Job;
  log: Log;
  result: { outcome: string };
  /** The person belongs to another organisation (Slack Connect): they may read, not change. */
  guest: boolean;
}

const staleButton = textMessage(
  ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
);

interface ButtonPress {
  value: string | undefined;
  userId: string;
  channelId: string;
  messageTs: string;
  actionTs: string;
  ephemeral: boolean;
  guest: boolean;
  job: Job;
  log: Log;
  respond: Respond;
  timing: Timing;
}

/** Registers the bot's listeners on a receiver-less Bolt app and returns the job dispatcher that feeds it. */
export function createSlackDispatcher(app: App, deps: SlackWorkDeps): JobDispatcher {
  /** The refusal to send, or undefined when this person may make this change here. Checked before any Polytomic call. */
  async function refusal(
    action: ChangeAction,
    who: { userId: string; channelId: string; guest: boolean },
    log: Log,
  ): Promise<SlackMessage | undefined> {
    const decision = await checkAccess({ policy: deps.policy, slack: deps.slack, log }, who);
    if (decision.allowed) return undefined;
    log.warn('change refused by the access policy', { action, reason: decision.reason });
    return renderAccessRefused(deps.policy, action, decision.reason);
  }

  const tell = (respond: Respond, message: SlackMessage) =>
    respond({ ...message, response_type: 'ephemeral', replace_original: false });

  // Before any listener: one person's flood of requests stops here, before it reaches Polytomic.
  app.use(async (args) => {
    const { context, body, next } = args;
    // Bolt gives commands and actions a `respond` (their response_url); its middleware type leaves it out.
    const { respond } = args as { respond?: Respond };
    const { job, log, result } = context as unknown as JobContext;
    const slowDown = await overRequestLimit({ ...deps.requests, clock: deps.clock, log }, job);
    if (!slowDown) return next();
    result.outcome = 'rate_limited';
    // A command's "⏳ Looking up…" is replaced; a press leaves its card alone.
    await respond?.({ ...slowDown, response_type: 'ephemeral', replace_original: !('actions' in body) });
  });

  // One slash command per app; matching any name lets a workspace install it as /polytomic-staging too.
  app.command(/.*/, async ({ command, respond, context }) => {
    const { job, log, result, guest } = context as unknown as JobContext;
    const parsed = parseCommand(command.text);
    const reply = (doing: string, produce: Parameters<typeof answer>[0]['produce']) =>
      answer({ job, log, respond, timing: deps.timing, doing, produce, replaceOriginal: true });
    const who = { userId: command.user_id, channelId: command.channel_id, guest };
    switch (parsed.kind) {
      case 'status':
        result.outcome = await reply(parsed.query ? 'look up that sync' : 'gather the status of your syncs', () =>
          lookUpStatus({ ...deps, log }, { query: parsed.query, commandName: command.command, teamId: job.teamId }),
        );
        return;
      case 'connection':
        result.outcome = await reply(parsed.query ? 'look up that connection' : 'list your connections', () =>
          lookUpConnection(deps.polytomic, parsed.query, command.command),
        );
        return;
      case 'audit':
        result.outcome = await reply('read the audit trail', () => lookUpAudit(deps, parsed.query, command.command));
        return;
      case 'digest':
        result.outcome = await reply('manage the digest', async () => {
          const denied = digestCommandChanges(parsed.query) ? await refusal('digest', who, log) : undefined;
          return (
            denied ??
            manageDigest({ ...deps, log }, { text: parsed.query, ...who, commandName: command.command, jobId: job.id })
          );
        });
        return;
      case 'watch':
      case 'unwatch': {
        const verb = parsed.kind;
        result.outcome = await reply("change this channel's alerts", async () => {
          const changes = verb === 'unwatch' || parseWatch(parsed.query).target !== undefined;
          const denied = changes ? await refusal('watch', who, log) : undefined;
          return (
            denied ??
            manageWatch({ ...deps.alerts, log }, { verb, query: parsed.query, ...who, commandName: command.command })
          );
        });
        return;
      }
      case 'webhook':
        result.outcome = await reply("manage Polytomic's webhook", async () => {
          if (parsed.query.toLowerCase() !== 'setup')
            return describeWebhook({ ...deps.webhook, log }, { origin: job.origin, commandName: command.command });
          return (
            (await refusal('webhook', who, log)) ??
            setUpWebhook({ ...deps.webhook, log }, { origin: job.origin, userId: command.user_id })
          );
        });
        return;
      case 'refresh':
        result.outcome = await reply('start the refresh', async () => {
          return (
            (await refusal('refresh', who, log)) ??
            requestRefresh({ ...deps, log }, { job, query: parsed.query, ...who, commandName: command.command })
          );
        });
        return;
      default:
        // help and unknown subcommands were answered in the acknowledgement.
        result.outcome = 'answered_in_ack';
    }
  });

  /** Registers a button listener with what every button needs: the pressed value, the presser, the channel, the card. */
  function onButton(actionId: string, handle: (press: ButtonPress) => Promise<string>) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ body, action, respond, context }) => {
      const { job, log, result, guest } = context as unknown as JobContext;
      const channelId = body.channel?.id;
      const messageTs = body.container?.message_ts ?? body.message?.ts;
      if (!channelId || !messageTs) {
        await tell(respond, staleButton);
        result.outcome = 'invalid_button';
        return;
      }
      result.outcome = await handle({
        value: action.value,
        userId: body.user.id,
        channelId,
        messageTs,
        actionTs: action.action_ts,
        ephemeral: body.container?.is_ephemeral === true,
        guest,
        job,
        log,
        respond,
        timing: deps.timing,
      });
    });
  }

  /**
   * A button's access check: the refusal told, and its outcome returned; undefined when allowed. Slack
   * failing to say who is in a group is retried quietly, and on the last attempt the presser hears of it.
   */
  async function pressRefused(action: ChangeAction, press: ButtonPress): Promise<string | undefined> {
    try {
      const denied = await refusal(action, press, press.log);
      if (!denied) return undefined;
      await tell(press.respond, denied);
      return 'denied';
    } catch (error) {
      if (!isLastAttempt(press.job)) throw error;
      press.log.error('access could not be checked', { action, error });
      await tell(press.respond, renderAccessUnchecked());
      return 'access_unchecked';
    }
  }

  async function refused(
    press: { value: string | undefined; log: Log; respond: Respond },
    why: string,
  ): Promise<string> {
    press.log.warn('button refused', { why, value: press.value?.slice(0, 100) });
    await tell(press.respond, staleButton);
    return 'invalid_button';
  }

  onButton(REFRESH_ACTION_ID, async (press) => {
    if (!isPolytomicId(press.value)) return refused(press, 'not a connection id');
    const connectionId = press.value;
    const denied = await pressRefused('refresh', press);
    if (denied) return denied;
    return answer({
      ...press,
      doing: 'start the refresh',
      replaceOriginal: false,
      produce: () =>
        requestRefresh(
          { ...deps, log: press.log },
          {
            job: press.job,
            query: connectionId,
            userId: press.userId,
            channelId: press.channelId,
            commandName: '/polytomic',
          },
        ),
    });
  });

  onButton(SYNC_ACTIONS.update, async (press) => {
    const sync = parseSyncValue(press.value);
    if (!sync) return refused(press, 'not a sync value');
    return answer({
      ...press,
      doing: 'update the card',
      replaceOriginal: true,
      produce: () => renderCurrentCard({ ...deps, log: press.log }, sync, { shareable: press.ephemeral }),
    });
  });

  onButton(SYNC_ACTIONS.share, async (press) => {
    const sync = parseSyncValue(press.value);
    if (!sync) return refused(press, 'not a sync value');
    return answer({
      ...press,
      doing: 'share the card',
      replaceOriginal: false,
      produce: async () => ({
        ...(await renderCurrentCard({ ...deps, log: press.log }, sync, {
          shareable: false,
          note: `Shared by <@${press.userId}>`,
        })),
        inChannel: true,
      }),
    });
  });

  for (const [actionId, change, act] of [
    [SYNC_ACTIONS.start, 'start', startRun],
    [SYNC_ACTIONS.cancel, 'cancel', cancelRun],
  ] as const) {
    onButton(actionId, async (press) => {
      const pressed = parseSyncPress(press.value);
      if (!pressed) return refused(press, 'not a sync value');
      const denied = await pressRefused(change, press);
      if (denied) return denied;
      return answer({
        ...press,
        doing: change === 'start' ? 'start the sync' : 'cancel the run',
        replaceOriginal: true,
        produce: () => act({ ...deps, log: press.log }, pressed, { ...press, shareable: press.ephemeral }),
      });
    });
  }

  for (const [actionId, many] of [
    [DIGEST_OFF_ACTIONS.one, false],
    [DIGEST_OFF_ACTIONS.all, true],
  ] as const) {
    onButton(actionId, async (press) => {
      const ids = parseDigestOffValue(press.value, many);
      if (!ids) return refused(press, 'not digest ids');
      const denied = await pressRefused('digest', press);
      if (denied) return denied;
      // The digests are the press's own channel's: a value can name an id, never another channel.
      return answer({
        ...press,
        doing: 'turn off the digest',
        replaceOriginal: false,
        produce: () =>
          turnOffDigests({ ...deps, log: press.log }, { ids, userId: press.userId, channelId: press.channelId }),
      });
    });
  }

  onButton(AUDIT_OLDER_ACTION, async (press) => {
    const cursor = parseAuditCursor(press.value);
    if (!cursor) return refused(press, 'not an audit cursor');
    return answer({
      ...press,
      doing: 'read the audit trail',
      replaceOriginal: true,
      produce: () => auditPage(deps.audit, { ...cursor, continued: true }),
    });
  });

  return async (job, log) => {
    const body = JSON.parse(job.payload) as Record<string, unknown>;
    const origin = originOf(body);
    const workspace = decideWorkspace(await deps.installation(), origin);
    if (workspace.kind === 'refused') {
      // Signed, so it came through Slack, but not for this installation: nothing is read, changed or posted.
      log.warn('request from another workspace or app refused', { outcome: workspace.outcome, origin });
      return workspace.outcome;
    }
    const result = { outcome: 'no_listener' };
    await app.processEvent({
      body,
      // The HTTP function acknowledged this request long ago; Bolt still wants an ack to call.
      ack: async () => undefined,
      customProperties: { job, log, result, guest: workspace.guest } satisfies JobContext,
    });
    return result.outcome;
  };
}
