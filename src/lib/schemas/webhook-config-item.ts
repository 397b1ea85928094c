import { optionalString } from './fields.js';
import * as z from './zod.js';

/** The organisation's webhook as the bot registered it; the secret verifies deliveries. Built on its first parse. */
export const webhookConfigItemSchema = z.lazy(() =>
  z.object({
    webhookId: z.string(),
    endpoint: z.string(),
    secret: z.string().check(z.minLength(1)),
    /** The secret before the last rotation, accepted for `PREVIOUS_SECRET_MS` after it: deliveries already signed with it must not be lost. */
    previousSecret: optionalString,
    createdBy: z.string(),
    createdAt: z.number(),
  }),
);

export type WebhookConfig = z.infer<typeof webhookConfigItemSchema>;
