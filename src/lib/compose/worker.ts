import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoJobStore } from '../adapters/dynamo/job-store.js';
import { createPolytomicClient } from '../adapters/polytomic/client.js';
import { createBoltApp } from '../adapters/slack/bolt.js';
import type { RunJobDeps } from '../app/run-job.js';
import { createSlackDispatcher } from '../app/slack-dispatcher.js';
import type { Clock } from '../clock.js';
import type { Log } from '../log.js';

export interface WorkerComposition {
  botToken: string;
  slackApiUrl: string;
  polytomicApiKey: string;
  polytomicUrl: string;
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  log: Log;
  /** Injected transports: tests and the local run point them at the simulators. */
  slackFetch?: typeof fetch;
  polytomicFetch?: typeof fetch;
  polytomicSleep?: (ms: number) => Promise<void>;
  polytomicTimeoutMs?: number;
}

/** The worker's object graph: job store, Polytomic client and the Bolt listeners that do the slow halves. */
export function composeWorker(input: WorkerComposition): RunJobDeps {
  const polytomic = createPolytomicClient({
    baseUrl: input.polytomicUrl,
    apiKey: input.polytomicApiKey,
    fetch: input.polytomicFetch,
    sleep: input.polytomicSleep,
    timeoutMs: input.polytomicTimeoutMs,
    log: input.log,
  });
  const bolt = createBoltApp({ botToken: input.botToken, slackApiUrl: input.slackApiUrl, fetch: input.slackFetch, log: input.log });
  const dispatch = createSlackDispatcher(bolt, { polytomic, polytomicUrl: input.polytomicUrl, clock: input.clock });
  return { jobs: createDynamoJobStore(input.dynamo, input.tableName), dispatch, clock: input.clock, log: input.log };
}
