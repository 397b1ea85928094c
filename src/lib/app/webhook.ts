import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SlackMessage } from '../core/message.js';
import { renderNoPublicAddress, renderWebhookSetUp, renderWebhookState } from '../core/render-webhook.js';
import type { Log } from '../log.js';
import type { EventCursorStore } from './ports/event-cursor-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import type { WebhookStore } from './ports/webhook-store.js';

export interface WebhookDeps {
  polytomic: PolytomicApi;
  webhookStore: WebhookStore;
  eventCursorStore: EventCursorStore;
  clock: Clock;
  log: Log;
}

/**
 * `/polytomic webhook setup`: points the organisation's one webhook at this bot with a fresh secret.
 * The secret is stored before Polytomic is told, and the previous one stays accepted for a while, so no
 * delivery signed either way is refused during the switch (the catch-up covers any that still slip). If
 * Polytomic refuses the change, the stored secrets go back to what Polytomic still signs with.
 */
export async function setUpWebhook(
  deps: WebhookDeps,
  input: { origin: string | undefined; userId: string },
): Promise<SlackMessage> {
  if (!input.origin) return renderNoPublicAddress();
  const endpoint = `${input.origin}/polytomic/events`;
  const secret = randomBytes(32).toString('hex');
  const [existing] = await deps.polytomic.listWebhooks();
  const stored = await deps.webhookStore.get();
  await deps.webhookStore.put({
    webhookId: existing?.id ?? stored?.webhookId ?? 'pending',
    endpoint,
    secret,
    previousSecret: stored?.secret,
    createdBy: input.userId,
    createdAt: deps.clock.now(),
  });
  let webhook;
  try {
    webhook = await deps.polytomic.saveWebhook({ id: existing?.id, endpoint, secret });
  } catch (error) {
    if (stored) await deps.webhookStore.put(stored);
    throw error;
  }
  await deps.webhookStore.put({
    webhookId: webhook.id,
    endpoint,
    secret,
    previousSecret: stored?.secret,
    createdBy: input.userId,
    createdAt: deps.clock.now(),
  });
  deps.log.info('webhook set up', { webhookId: webhook.id, replaced: existing !== undefined });
  return renderWebhookSetUp(endpoint, existing?.endpoint !== endpoint ? existing?.endpoint : undefined);
}

/** `/polytomic webhook`: where Polytomic sends events, whether that is this bot, and how far the catch-up has read. */
export async function describeWebhook(
  deps: WebhookDeps,
  input: { origin: string | undefined; commandName: string },
): Promise<SlackMessage> {
  const [[webhook], stored, cursor] = await Promise.all([
    deps.polytomic.listWebhooks(),
    deps.webhookStore.get(),
    deps.eventCursorStore.get(),
  ]);
  const ours =
    webhook !== undefined && input.origin !== undefined && webhook.endpoint === `${input.origin}/polytomic/events`;
  return renderWebhookState({
    webhook,
    ours,
    setUpBy: stored && ours ? { userId: stored.createdBy, at: stored.createdAt } : undefined,
    caughtUpTo: cursor?.lastSeenAt,
    commandName: input.commandName,
  });
}
