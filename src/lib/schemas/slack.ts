import * as z from './zod.js';

const slackId = z.string().check(z.regex(/^[A-Z0-9]{2,40}$/, 'not a Slack id'));
const responseUrl = z.url({ protocol: /^https?$/ });
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** A slash command as Slack posts it (form-encoded). Deprecated `token` and `user_name` are ignored. */
export const slashCommandSchema = z.looseObject({
  command: z.string().check(z.startsWith('/'), z.maxLength(32)),
  text: z._default(text(0, 4000), ''),
  team_id: slackId,
  enterprise_id: z.optional(slackId),
  channel_id: slackId,
  channel_name: z.optional(z.string()),
  user_id: slackId,
  response_url: responseUrl,
  trigger_id: text(1, 255),
  api_app_id: z.optional(z.string()),
  is_enterprise_install: z.optional(z.string()),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const actionSchema = z.looseObject({
  type: z.string(),
  action_id: text(1, 255),
  block_id: z.optional(text(0, 255)),
  action_ts: z.string(),
  value: z.optional(text(0, 2000)),
});

/** A button press (`type: block_actions`), from the JSON in the form field `payload`. */
export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  team: z.nullable(z.looseObject({ id: slackId })),
  user: z.looseObject({ id: slackId, team_id: z.optional(slackId) }),
  channel: z.optional(z.looseObject({ id: slackId })),
  container: z.optional(z.looseObject({ type: z.string(), message_ts: z.optional(z.string()), is_ephemeral: z.optional(z.boolean()) })),
  message: z.optional(z.looseObject({ ts: z.string() })),
  actions: z.array(actionSchema).check(z.minLength(1), z.maxLength(25)),
  response_url: z.optional(responseUrl),
  trigger_id: text(1, 255),
  api_app_id: z.optional(z.string()),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** Interactivity payload kinds the bot does not handle still parse, so they can be acknowledged and ignored. */
export const interactionEnvelopeSchema = z.looseObject({ type: z.string() });
