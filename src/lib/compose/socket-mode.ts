import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoJobStore } from '../adapters/dynamo/job-store.js';
import type { SocketModeConnection } from '../adapters/slack/socket-mode.js';
import { createSocketModeConnection } from '../adapters/slack/socket-mode.js';
import type { JobQueue, VerifiedAcceptDeps } from '../app/accept-slack-request.js';
import { acceptVerifiedSlackRequest } from '../app/accept-slack-request.js';
import type { Clock } from '../clock.js';
import type { Log } from '../log.js';
import type { NewJob } from '../schemas/items.js';

export interface SocketModeComposition {
  /** SLACK_APP_TOKEN. */
  appToken: string;
  /** SLACK_API_URL, where `apps.connections.open` is. */
  slackApiUrl: string;
  responseUrlOrigins: readonly string[];
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  log: Log;
  /** Runs the job once it is recorded (locally, in this process). */
  afterEnqueue?: (job: NewJob) => void;
  /** The origin a command names as the bot's address (`webhook setup`), when something can reach it there. */
  origin?: string;
  reconnectDelayMs?: number;
}

// The same budget as the HTTP function's (compose/http.ts): Slack gives an envelope's acknowledgement 3 s too.
const JOB_WRITE_BUDGET_MS = 2_000;

/** A Socket Mode connection that records jobs exactly as the HTTP function does: one conditional write, then the ack. */
export function composeSocketMode(input: SocketModeComposition): SocketModeConnection {
  const store = createDynamoJobStore(input.dynamo, input.tableName);
  const jobQueue: JobQueue = {
    async enqueue(job) {
      const result = await store.create(job, { signal: AbortSignal.timeout(JOB_WRITE_BUDGET_MS) });
      if (result === 'created') input.afterEnqueue?.(job);
      return result;
    },
  };
  const deps: VerifiedAcceptDeps = {
    responseUrlOrigins: input.responseUrlOrigins,
    jobQueue,
    clock: input.clock,
    // Every line of the acknowledgement says which way the request came.
    log: input.log.with({ transport: 'socket_mode' }),
  };
  return createSocketModeConnection({
    appToken: input.appToken,
    slackApiUrl: input.slackApiUrl,
    accept: (request) => acceptVerifiedSlackRequest(deps, request),
    log: input.log,
    origin: input.origin,
    reconnectDelayMs: input.reconnectDelayMs,
  });
}
