import * as z from './zod.js';

// The request schemas are built on their first parse (`z.lazy`), not when the module loads: the acknowledgement
// builds the one its request needs, when it needs it, rather than all of them in its cold start's module init.

/** The longest command text the bot reads (it is stored with the job); longer is answered with a sentence. */
export const MAX_COMMAND_TEXT = 4000;

const slackId = z.string().check(z.regex(/^[A-Z0-9]{2,40}$/, 'not a Slack id'));
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
// Where the bot posts its answers; whether its origin is Slack's is checked against configuration.
const responseUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));

/**
 * A slash command as Slack posts it (form-encoded). Every field is bounded, those not named here too
 * (names, the deprecated `token` and `user_name`), because the body is stored with the job.
 */
export const slashCommandSchema = z.lazy(() =>
  z.catchall(
    z.object({
      command: z.string().check(z.startsWith('/'), z.maxLength(32)),
      text: z._default(text(0, MAX_COMMAND_TEXT), ''),
      team_id: slackId,
      enterprise_id: z.optional(slackId),
      channel_id: slackId,
      channel_name: z.optional(text(0, 255)),
      user_id: slackId,
      response_url: responseUrl,
      trigger_id: text(1, 255),
      api_app_id: z.optional(text(0, 64)),
      is_enterprise_install: z.optional(text(0, 8)),
    }),
    text(0, 255),
  ),
);
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const actionSchema = () =>
  z.looseObject({
    type: text(1, 64),
    action_id: text(1, 255),
    block_id: z.optional(text(0, 255)),
    action_ts: text(0, 64),
    value: z.optional(text(0, 2000)),
    /** A select's pick. */
    selected_option: z.optional(z.looseObject({ value: text(0, 150) })),
  });

/** A button press (`type: block_actions`), from the JSON in the form field `payload`. */
export const blockActionsSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('block_actions'),
    team: z.nullable(z.looseObject({ id: slackId })),
    user: z.looseObject({ id: slackId, team_id: z.optional(slackId) }),
    channel: z.optional(z.looseObject({ id: slackId })),
    container: z.optional(
      z.looseObject({ type: text(0, 64), message_ts: z.optional(text(0, 64)), is_ephemeral: z.optional(z.boolean()) }),
    ),
    message: z.optional(z.looseObject({ ts: text(0, 64), thread_ts: z.optional(text(0, 64)) })),
    actions: z.array(actionSchema()).check(z.minLength(1), z.maxLength(25)),
    response_url: z.optional(responseUrl),
    // Bolt answers through `response_urls[0]` when `response_url` is absent, so these are checked alike.
    response_urls: z.optional(z.array(z.looseObject({ response_url: responseUrl })).check(z.maxLength(10))),
    trigger_id: text(1, 255),
    api_app_id: z.optional(text(0, 64)),
  }),
);
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** Interactivity payload kinds the bot does not handle still parse, so they can be acknowledged and ignored. */
export const interactionEnvelopeSchema = z.looseObject({ type: z.string() });

/** Slack's check that the Request URL is ours: answered with its `challenge`. */
export const urlVerificationSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('url_verification'),
    challenge: text(1, 500),
  }),
);

/**
 * An Events API delivery (`type: event_callback`), JSON. Slack retries one that was not answered in time,
 * with the same `event_id`, so that id is what makes it one job.
 */
export const eventCallbackSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: slackId,
    enterprise_id: z.optional(slackId),
    api_app_id: z.optional(text(0, 64)),
    event_id: z.string().check(z.regex(/^Ev[A-Za-z0-9]{1,60}$/, 'not an event id')),
    event_time: z.number(),
    event: z.looseObject({
      type: text(1, 64),
      user: z.optional(slackId),
      channel: z.optional(slackId),
      tab: z.optional(text(0, 32)),
    }),
  }),
);
export type EventCallback = z.infer<typeof eventCallbackSchema>;

/** `link_shared`: links on the app's unfurl domains in a message being written or just posted. */
export const linkSharedSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('link_shared'),
    unfurl_id: text(1, 255),
    source: z.enum(['composer', 'conversations_history']),
    links: z.array(z.looseObject({ url: text(1, 3000) })).check(z.maxLength(100)),
  }),
);
