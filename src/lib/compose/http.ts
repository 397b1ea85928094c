import type { Hono } from 'hono';
import { createAckJobRecorder, createAckWebhookReader } from '../adapters/aws/ack-stores.js';
import { createHttpApp } from '../adapters/http/app.js';
import { createWebhookSecrets } from '../app/webhook-secrets.js';
import type { AckComposition } from './job-queue.js';
import { boundedJobQueue } from './job-queue.js';

export interface HttpComposition extends AckComposition {
  signingSecret: string;
}

/**
 * The HTTP function's object graph. Deliberately free of Bolt, the Polytomic client and the AWS SDK: the ack path
 * stays small. Its DynamoDB calls: the job write, and (for webhook deliveries) the webhook secret, read at most once
 * per 5 s.
 */
export function composeHttpApp(input: HttpComposition): Hono {
  const jobs = boundedJobQueue(createAckJobRecorder(input.dynamodb, input.tableName), input.afterEnqueue);
  const webhookSecrets = createWebhookSecrets({
    store: createAckWebhookReader(input.dynamodb, input.tableName),
    now: input.clock.now,
  });
  return createHttpApp({
    signingSecret: input.signingSecret,
    responseUrlOrigins: input.responseUrlOrigins,
    jobQueue: jobs,
    clock: input.clock,
    log: input.log,
    webhookSecrets,
  });
}
