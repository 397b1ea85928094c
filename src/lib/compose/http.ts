import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import { createDynamoJobStore } from '../adapters/dynamo/job-store.js';
import { createDynamoWebhookStore } from '../adapters/dynamo/webhook-store.js';
import { createHttpApp } from '../adapters/http/app.js';
import type { JobQueue } from '../app/accept-slack-request.js';
import { createWebhookSecrets } from '../app/webhook-secrets.js';
import type { Clock } from '../clock.js';
import type { Log } from '../log.js';
import type { NewJob } from '../schemas/items.js';

export interface HttpComposition {
  signingSecret: string;
  /** Where a response_url may point (SLACK_RESPONSE_URL_ORIGINS). */
  responseUrlOrigins: readonly string[];
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  log: Log;
  /** Local runs start the worker in-process here; on Lambda the table's stream does it. */
  afterEnqueue?: (job: NewJob) => void;
}

// Slack gives the whole acknowledgement 3 s. The job write gets 2 of them, retries included (the client's
// own deadlines would allow ~4.5 s), so a slow DynamoDB still leaves time to say that nothing happened.
const JOB_WRITE_BUDGET_MS = 2_000;

/**
 * The HTTP function's object graph. Deliberately free of Bolt and the Polytomic client: the ack path stays
 * small. Its DynamoDB calls: the job write, and (for webhook deliveries) the webhook secret, read at most once per 5 s.
 */
export function composeHttpApp(input: HttpComposition): Hono {
  const store = createDynamoJobStore(input.dynamo, input.tableName);
  const jobs: JobQueue = {
    async enqueue(job) {
      const result = await store.create(job, { signal: AbortSignal.timeout(JOB_WRITE_BUDGET_MS) });
      if (result === 'created') input.afterEnqueue?.(job);
      return result;
    },
  };
  const webhookSecrets = createWebhookSecrets({
    store: createDynamoWebhookStore(input.dynamo, input.tableName),
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
