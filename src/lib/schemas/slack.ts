import { z } from 'zod';

const slackId = z.string().regex(/^[A-Z0-9]{2,40}$/, 'not a Slack id');
const responseUrl = z.url({ protocol: /^https?$/ });

/** A slash command as Slack posts it (form-encoded). Deprecated `token` and `user_name` are ignored. */
export const slashCommandSchema = z.looseObject({
  command: z.string().startsWith('/').max(32),
  text: z.string().max(4000).default(''),
  team_id: slackId,
  enterprise_id: slackId.optional(),
  channel_id: slackId,
  channel_name: z.string().optional(),
  user_id: slackId,
  response_url: responseUrl,
  trigger_id: z.string().min(1).max(255),
  api_app_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const actionSchema = z.looseObject({
  type: z.string(),
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  action_ts: z.string(),
  value: z.string().max(2000).optional(),
});

/** A button press (`type: block_actions`), from the JSON in the form field `payload`. */
export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  team: z.looseObject({ id: slackId }).nullable(),
  user: z.looseObject({ id: slackId, team_id: slackId.optional() }),
  channel: z.looseObject({ id: slackId }).optional(),
  container: z.looseObject({ type: z.string(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).optional(),
  message: z.looseObject({ ts: z.string() }).optional(),
  actions: z.array(actionSchema).min(1).max(25),
  response_url: responseUrl.optional(),
  trigger_id: z.string().min(1).max(255),
  api_app_id: z.string().optional(),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** Interactivity payload kinds the bot does not handle still parse, so they can be acknowledged and ignored. */
export const interactionEnvelopeSchema = z.looseObject({ type: z.string() });
