import type { Hono } from 'hono';
import { createAckJobRecorder, createAckWebhookReader } from '../adapters/aws/ack-stores.js';
import type { AwsJsonApi } from '../adapters/aws/aws-json-api.js';
import { createHttpApp } from '../adapters/http/app.js';
import { createWebhookSecrets } from '../app/webhook-secrets.js';
import type { Clock } from '../clock.js';
import type { Log } from '../log.js';
import type { NewJob } from '../schemas/items.js';
import { boundedJobQueue } from './job-queue.js';

export interface HttpComposition {
  signingSecret: string;
  /** Where a response_url may point (SLACK_RESPONSE_URL_ORIGINS). */
  responseUrlOrigins: readonly string[];
  /** DynamoDB without the SDK client (`createAwsJsonApi`; ARCHITECTURE, "The acknowledgement's own AWS path"). */
  dynamodb: AwsJsonApi;
  tableName: string;
  clock: Clock;
  log: Log;
  /** Local runs start the worker in-process here; on Lambda the table's stream does it. */
  afterEnqueue?: (job: NewJob) => void;
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
