// Warm ack latency of one bundled handler under a steady load of signed slash commands, in its own
// process (started by bench/cold-start.ts). Optionally runs the worker in the same process against a
// Polytomic that answers slowly, to show the ack does not wait on it.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { createDynamoClient } from '../src/lib/adapters/dynamo/client.js';
import { jobIdFor } from '../src/lib/app/accept-slack-request.js';
import { runJob } from '../src/lib/app/run-job.js';
import { systemClock } from '../src/lib/clock.js';
import { composeWorker } from '../src/lib/compose/worker.js';
import { createLogger } from '../src/lib/log.js';
import { createPolytomicSimulator } from '../src/local/polytomic-simulator.js';
import { createSlackSimulator } from '../src/local/slack-simulator.js';
import { httpApiEvent } from '../test/handlers/lambda-events.js';
import { serveOnLoopback } from '../test/support/servers.js';
import { commandBody, signedHeaders } from '../test/support/slack-requests.js';
import { summarise } from './support.js';

export interface LoadOptions {
  bundle: string;
  rate: number;
  seconds: number;
  /** Run each recorded job in this process, as `npm start` does (the deployed worker is another function). */
  worker: boolean;
  /** Delay of every Polytomic answer; with `inline`, the handler itself calls Polytomic before acking. */
  polytomicLatencyMs: number;
  inline: boolean;
}

type Handler = (event: unknown, context: Context) => Promise<{ statusCode: number; body?: string }>;
const POLYTOMIC_KEY = 'pk_bench';
const BOT_TOKEN = 'xoxb-bench';
const WARM_UP = 200;

async function main(options: LoadOptions): Promise<void> {
  const slack = createSlackSimulator({ botToken: BOT_TOKEN });
  const polytomic = createPolytomicSimulator({ apiKey: POLYTOMIC_KEY, latencyMs: options.polytomicLatencyMs });
  const [slackServer, polytomicServer] = await Promise.all([
    serveOnLoopback(slack.app),
    serveOnLoopback(polytomic.app),
  ]);

  // The handler reads its settings at cold start: its response_urls land on this simulated Slack.
  process.env.SLACK_RESPONSE_URL_ORIGINS = slackServer.origin;
  const { handler } = (await import(pathToFileURL(options.bundle).href)) as { handler: Handler };
  const worker = options.worker
    ? composeWorker({
        botToken: BOT_TOKEN,
        slackApiUrl: `${slackServer.origin}/api/`,
        polytomicApiKey: POLYTOMIC_KEY,
        polytomicUrl: polytomicServer.origin,
        dynamo: createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT, requestTimeoutMs: 10_000 }),
        tableName: process.env.TABLE_NAME ?? '',
        clock: systemClock,
        log: createLogger({ level: 'ERROR' }),
        // The requests below are signed for the test workspace, all by one person: no per-person limit here.
        slackTeamId: 'T0TEST',
        requestsPerPersonPerMinute: 1_000_000,
      })
    : undefined;

  const count = Math.round(options.rate * options.seconds);
  const requests = Array.from({ length: WARM_UP + count }, (_, i) => {
    const triggerId = `bench-${process.pid}-${i}`;
    const body = commandBody({
      text: 'status Orders to Snowflake',
      triggerId,
      responseUrl: slack.responseUrl(slackServer.origin, triggerId),
    });
    return {
      triggerId,
      event: httpApiEvent({ method: 'POST', path: '/slack/events', headers: signedHeaders(body, Date.now()), body }),
    };
  });
  const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;
  const jobs: Promise<unknown>[] = [];
  // Both answer "⏳ Looking up …" once the command is accepted (ours: once its job is recorded).
  const send = async ({ triggerId, event }: (typeof requests)[number], work: boolean) => {
    const { statusCode, body } = await handler(event, context);
    if (worker && work) jobs.push(runJob(worker, jobIdFor(triggerId)));
    return statusCode === 200 && String(body).includes('Looking up');
  };

  // Warms the ack path only: the worker starts with the measured requests.
  for (const request of requests.slice(0, WARM_UP)) {
    if (!(await send(request, false))) throw new Error('the handler did not acknowledge a warm-up request');
  }
  // Likewise the baseline's Polytomic lookup before its ack (its listener reads this per request).
  if (options.inline) process.env.BENCH_INLINE_URL = `${polytomicServer.origin}/api/connections`;

  // Open loop: each request leaves on its schedule whatever the earlier ones are doing, and its latency
  // counts from that scheduled moment, so a stalled event loop shows up in the figures.
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  for (const [i, request] of requests.slice(WARM_UP).entries()) {
    const at = start + (i * 1000) / options.rate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // From the schedule when the loop ran late; from now when a timer fired a fraction early.
    const from = Math.min(at, performance.now());
    inFlight.push(
      send(request, true).then((acked) => {
        latencies.push(performance.now() - from);
        if (!acked) failures++;
      }),
    );
  }
  await Promise.all(inFlight);
  const settled = await Promise.race([Promise.allSettled(jobs), new Promise((resolve) => setTimeout(resolve, 60_000))]);
  const jobsDone = Array.isArray(settled)
    ? settled.filter((r) => r.status === 'fulfilled' && r.value === 'done').length
    : 0;

  process.stdout.write(
    `\nBENCH_RESULT ${JSON.stringify({ ...summarise(latencies), failures, jobsDone, jobs: jobs.length })}\n`,
  );
  process.exit(0);
}

main(JSON.parse(process.env.BENCH_LOAD ?? '{}') as LoadOptions).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
