import type { App, BlockAction, BlockElementAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOME_CARD_ACTIONS, HOME_REFRESH_ACTION, renderStaleButton } from '../core/buttons.js';
import { parseCommand } from '../core/command.js';
import type { QueuedCommandName } from '../core/commands/registry.js';
import { QUEUED_COMMANDS } from '../core/commands/registry.js';
import { isLastAttempt } from '../core/job.js';
import type { SlackMessage } from '../core/message.js';
import type { ChangeAction } from '../core/policy.js';
import { renderAccessRefused, renderAccessUnchecked } from '../core/render-access.js';
import { decideWorkspace, originOf } from '../core/workspace.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import { linkSharedSchema } from '../schemas/slack.js';
import { checkAccess } from './access.js';
import type { Respond } from './answer.js';
import { answer } from './answer.js';
import { BUTTONS } from './buttons/registry.js';
import { COMMAND_RUNS } from './commands/runs.js';
import { homesChanged, showHome } from './home.js';
import { previewLinks } from './link-preview.js';
import { overRequestLimit } from './request-limit.js';
import type { JobDispatcher } from './run-job.js';
import type { Asker, Button, ButtonPress, SlackWorkDeps } from './slack-work.js';
import { HOME_CHANNEL } from './slack-work.js';

/** What each listener finds in Bolt's context: the job being run, its logger, and where to put the outcome. */
interface JobContext {
  job: Job;
  log: Log;
  result: { outcome: string };
  /** The person belongs to another organisation (Slack Connect): they may read, not change. */
  guest: boolean;
}

/**
 * Registers the bot's listeners on a receiver-less Bolt app and returns the job dispatcher that feeds it.
 * Subcommands and buttons are declared in their own modules (commands/, buttons/); this only wires them.
 */
export function createSlackDispatcher(app: App, deps: SlackWorkDeps): JobDispatcher {
  /** The refusal to send, or undefined when this person may make this change here. Checked before any Polytomic call. */
  async function accessRefusal(action: ChangeAction, who: Asker, log: Log): Promise<SlackMessage | undefined> {
    const decision = await checkAccess({ policy: deps.policy, slack: deps.slack, log }, who);
    if (decision.allowed) return undefined;
    log.warn('change refused by the access policy', { action, reason: decision.reason });
    return renderAccessRefused(deps.policy, action, decision.reason);
  }

  /** A message of its own, only for the person, leaving the one they acted on as it is. */
  const tell = (respond: Respond, message: SlackMessage) =>
    respond({ ...message, response_type: 'ephemeral', replace_original: false });

  // Before any listener: one person's flood of requests stops here, before it reaches Polytomic.
  app.use(async (args) => {
    const { context, body, next } = args;
    // Bolt gives commands and actions a `respond` (their response_url); its middleware type leaves it out.
    const { respond } = args as { respond?: Respond };
    const { job, log, result } = context as unknown as JobContext;
    const slowDown = await overRequestLimit({ ...deps, log }, job);
    if (!slowDown) return next();
    result.outcome = 'rate_limited';
    // A command's "⏳ Looking up…" is replaced; a press leaves its card alone.
    await respond?.({ ...slowDown, response_type: 'ephemeral', replace_original: !('actions' in body) });
  });

  /**
   * Runs a queued subcommand: its access check when this use changes something, then its run, in place of the
   * ⏳. A change (a watch, a digest, a refresh) is then shown on the Homes being looked at.
   */
  async function runCommand<K extends QueuedCommandName>(
    name: K,
    input: { query: string; commandName: string; who: Asker; job: Job; log: Log; respond: Respond },
  ): Promise<string> {
    const spec = QUEUED_COMMANDS[name];
    const args = spec.parse(input.query);
    const change = spec.changes(args);
    const outcome = await answer({
      ...input,
      timing: deps.timing,
      doing: spec.doing(args),
      replaceOriginal: true,
      produce: async () =>
        (change && (await accessRefusal(change, input.who, input.log))) ?? COMMAND_RUNS[name](deps, { ...input, args }),
    });
    if (change) await homesChanged({ ...deps, log: input.log });
    return outcome;
  }

  // One slash command per app; matching any name lets a workspace install it as /polytomic-staging too.
  app.command(/.*/, async ({ command, respond, context }) => {
    const { job, log, result, guest } = context as unknown as JobContext;
    const parsed = parseCommand(command.text);
    if (parsed.kind === 'help' || parsed.kind === 'unknown') {
      result.outcome = 'answered_in_ack';
      return;
    }
    const who = { userId: command.user_id, channelId: command.channel_id, guest };
    result.outcome = await runCommand(parsed.kind, {
      query: parsed.query,
      commandName: command.command,
      who,
      job,
      log,
      respond,
    });
  });

  /** Publishes a person's Home tab, with a card (the answer to a press made on the Home) on top. */
  function showHomeTo(teamId: string | undefined, userId: string, job: JobContext, card?: SlackMessage) {
    return showHome({ ...deps, log: job.log }, { teamId: teamId ?? 'unknown', userId, card });
  }

  /**
   * A button's access check: the refusal told, and its outcome returned; undefined when allowed. Slack
   * failing to say who is in a group is retried quietly, and on the last attempt the presser hears of it.
   */
  async function pressRefused(action: ChangeAction, press: ButtonPress, respond: Respond): Promise<string | undefined> {
    try {
      const denied = await accessRefusal(action, press.who, press.log);
      if (!denied) return undefined;
      await tell(respond, denied);
      return 'denied';
    } catch (error) {
      if (!isLastAttempt(press.job)) throw error;
      press.log.error('access could not be checked', { action, error });
      await tell(respond, renderAccessUnchecked());
      return 'access_unchecked';
    }
  }

  /** A button's listener: read its value, check access when it changes something, run it. */
  const onPress =
    (actionId: string, button: Button): Middleware<SlackActionMiddlewareArgs<BlockAction<BlockElementAction>>> =>
    async ({ body, action, respond: respondInMessage, context }) => {
      const { job, log, result, guest } = context as unknown as JobContext;
      // Pressed on the Home tab (a card shown there): the answer is the Home published again with it on top.
      const onHome = body.container?.type === 'view' && body.view?.type === 'home';
      const respond: Respond = onHome
        ? (message) => showHomeTo(body.team?.id, body.user.id, context as unknown as JobContext, message)
        : respondInMessage;
      const channelId = onHome ? HOME_CHANNEL : body.channel?.id;
      const messageTs = onHome ? body.view?.id : (body.container?.message_ts ?? body.message?.ts);
      if (!channelId || !messageTs || (onHome && !HOME_CARD_ACTIONS.has(actionId))) {
        await tell(respond, renderStaleButton());
        result.outcome = 'invalid_button';
        return;
      }
      // A button carries its value; a select, the option picked.
      const value =
        'value' in action ? action.value : 'selected_option' in action ? action.selected_option?.value : undefined;
      const work = button.accept(value);
      if (!work) {
        log.warn('button refused', { why: button.invalid, value: value?.slice(0, 100) });
        await tell(respond, renderStaleButton());
        result.outcome = 'invalid_button';
        return;
      }
      const press: ButtonPress = {
        who: { userId: body.user.id, channelId, guest },
        messageTs,
        threadTs: body.message?.thread_ts,
        actionTs: action.action_ts,
        ephemeral: body.container?.is_ephemeral === true,
        job,
        log,
      };
      const refused = button.changes && (await pressRefused(button.changes, press, respond));
      result.outcome =
        refused ||
        (await answer({
          job,
          log,
          respond,
          timing: deps.timing,
          doing: button.doing,
          // A link preview sits on someone else's message: it is never replaced, the presser is answered apart.
          replaceOriginal: button.replaceOriginal && body.container?.is_app_unfurl !== true,
          produce: () => work(deps, press),
        }));
      if (button.changes) await homesChanged({ ...deps, log });
    };

  for (const [actionId, button] of Object.entries(BUTTONS)) app.action(actionId, onPress(actionId, button));

  // The Home tab: published when a person opens it, again when they press its Refresh.
  app.event('app_home_opened', async ({ event, body, context }) => {
    const job = context as unknown as JobContext;
    // The Messages tab opens this event too (the HTTP function records only Home's); it has nothing to publish.
    if (event.tab === 'home') job.result.outcome = await showHomeTo(body.team_id, event.user, job);
    else job.result.outcome = 'ignored';
  });
  app.action(HOME_REFRESH_ACTION, async ({ body, context }) => {
    const job = context as unknown as JobContext;
    job.result.outcome = await showHomeTo(body.team?.id, body.user.id, job);
  });

  // Polytomic links pasted in a message: a preview of each, with the card's buttons.
  app.event('link_shared', async ({ event, body, context }) => {
    const { log, result } = context as unknown as JobContext;
    // A preview is shown to everyone in the channel: in one shared with another organisation it would show
    // them this Polytomic's state, which they may otherwise only read in answers to themselves.
    if ((body as { is_ext_shared_channel?: boolean }).is_ext_shared_channel === true) {
      log.info('link not previewed: the channel is shared with another organisation');
      result.outcome = 'shared_channel';
      return;
    }
    const shared = linkSharedSchema.safeParse(event);
    if (!shared.success) {
      log.warn('link_shared event not readable', { issues: shared.error.issues.length });
      result.outcome = 'invalid_event';
      return;
    }
    const { unfurl_id: unfurlId, source, links } = shared.data;
    result.outcome = await previewLinks({ ...deps, log }, { unfurlId, source, urls: links.map((l) => l.url) });
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
