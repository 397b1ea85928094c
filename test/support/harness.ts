import { createHmac, randomUUID } from 'node:crypto';
import { onTestFailed } from 'vitest';
import { createDynamoJobStore } from '../../src/lib/adapters/dynamo/job-store.js';
import { createDynamoWebhookStore } from '../../src/lib/adapters/dynamo/webhook-store.js';
import type { PollDeps } from '../../src/lib/app/poll.js';
import { pollOnce } from '../../src/lib/app/poll.js';
import type { JobStore } from '../../src/lib/app/ports/job-store.js';
import { runJob } from '../../src/lib/app/run-job.js';
import { composeHttpApp } from '../../src/lib/compose/http.js';
import { composeWorker } from '../../src/lib/compose/worker.js';
import type { AccessPolicy } from '../../src/lib/core/policy.js';
import type { Timing } from '../../src/lib/core/timing.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { createMemoryLogger } from '../../src/lib/log.js';
import type { NewJob } from '../../src/lib/schemas/items.js';
import type { PolytomicSimulator, SimulatorOptions } from '../../src/local/polytomic-simulator.js';
import { createPolytomicSimulator } from '../../src/local/polytomic-simulator.js';
import type { SlackSimulator } from '../../src/local/slack-simulator.js';
import { createSlackSimulator } from '../../src/local/slack-simulator.js';
import { createTestClock } from './clock.js';
import type { Engine } from './dynamo.js';
import { dynamoDbLocal } from './dynamo.js';
import { serveOnLoopback } from './servers.js';
import { buttonBody, commandBody, homeButtonBody, SIGNING_SECRET, signedHeaders } from './slack-requests.js';

export const POLYTOMIC_KEY = 'pk_test_polytomic_key_do_not_log';
export const BOT_TOKEN = 'xoxb-test-bot-token-do-not-log';
export const WEBHOOK_SECRET = 'whsec-test-webhook-secret-do-not-log';

export interface HarnessOptions {
  engine?: Engine;
  polytomic?: SimulatorOptions;
  /** The key the bot sends; set it wrong to see Polytomic refuse the bot. */
  botPolytomicKey?: string;
  polytomicTimeoutMs?: number;
  refreshTimeoutMs?: number;
  clock?: ReturnType<typeof createTestClock>;
  policy?: AccessPolicy;
  /** False: no webhook secret stored at the start, so only one stored by `/polytomic webhook setup` verifies deliveries. */
  configuredWebhookSecret?: boolean;
  /** The digest's wait between posts to one channel; skipped unless given. */
  sleep?: (ms: number) => Promise<void>;
  /** Leases, delays and deadlines that differ from the deployed ones (e.g. a short Slack deadline). */
  timing?: Partial<Timing>;
  /** SLACK_TEAM_ID and SLACK_APP_ID; without a team the worker asks `auth.test`, which names T0TEST. */
  slackTeamId?: string;
  slackAppId?: string;
  /** REQUESTS_PER_PERSON_PER_MINUTE (default as deployed, 20). */
  requestsPerPersonPerMinute?: number;
  /** PAUSE_SUGGESTION_AFTER_FAILURES (default as deployed, 3). */
  suggestPauseAt?: number;
}

/**
 * The whole bot wired as deployed, against DynamoDB Local (or the engine given) and the Polytomic and Slack
 * simulators served on loopback ports: the HTTP app acknowledges, the worker runs each job it records, the
 * poller retries.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const clock = options.clock ?? createTestClock(Date.now());
  const log = createMemoryLogger();
  const table = await (options.engine ?? dynamoDbLocal).open();
  // Events only from runs a test starts: the seeded history would otherwise reach every `watch all`.
  const polytomic: PolytomicSimulator = createPolytomicSimulator({
    apiKey: POLYTOMIC_KEY,
    now: clock.now,
    events: 'manual',
    ...options.polytomic,
  });
  const slack: SlackSimulator = createSlackSimulator({ botToken: BOT_TOKEN, teamId: 'T0TEST', now: clock.now });
  const polytomicServer = await serveOnLoopback(polytomic.app);
  const slackServer = await serveOnLoopback(slack.app);
  const worker: PollDeps = composeWorker({
    botToken: BOT_TOKEN,
    slackApiUrl: `${slackServer.origin}/api/`,
    polytomicApiKey: options.botPolytomicKey ?? POLYTOMIC_KEY,
    polytomicUrl: polytomicServer.origin,
    dynamo: table.client,
    tableName: table.tableName,
    clock,
    log,
    // Backoff between GET retries is behaviour we test by count, not by waiting.
    polytomicSleep: async () => undefined,
    polytomicTimeoutMs: options.polytomicTimeoutMs,
    refreshTimeoutMs: options.refreshTimeoutMs,
    policy: options.policy,
    slackTeamId: options.slackTeamId,
    slackAppId: options.slackAppId,
    requestsPerPersonPerMinute: options.requestsPerPersonPerMinute,
    suggestPauseAt: options.suggestPauseAt,
    // The one-second gap between posts to a channel is behaviour we test by order, not by waiting.
    sleep: options.sleep ?? (async () => undefined),
    timing: { ...DEFAULT_TIMING, ...options.timing },
  });
  const running: Promise<unknown>[] = [];
  // When a test fails, its warnings and errors are the first thing to read.
  try {
    onTestFailed(() => {
      process.stdout.write(
        `harness log (warnings and errors):\n${log.lines
          .filter((l) => l.level === 'WARN' || l.level === 'ERROR')
          .map((l) => JSON.stringify(l))
          .join('\n')}\n`,
      );
    });
  } catch {
    // Outside a running test (a benchmark, a hook): nothing to attach to.
  }
  if (options.configuredWebhookSecret !== false) {
    await createDynamoWebhookStore(table.client, table.tableName).put({
      webhookId: 'set-up-before-the-test',
      endpoint: 'http://localhost/polytomic/events',
      secret: WEBHOOK_SECRET,
      createdBy: 'U0ADMIN',
      createdAt: clock.now(),
    });
  }
  const afterEnqueue = (job: NewJob) => {
    running.push(runJob(worker, job.id));
  };
  const app = composeHttpApp({
    signingSecret: SIGNING_SECRET,
    responseUrlOrigins: [slackServer.origin],
    dynamodb: table.dynamodb,
    tableName: table.tableName,
    clock,
    log,
    afterEnqueue,
  });
  const jobs: JobStore = createDynamoJobStore(table.client, table.tableName);

  return {
    app,
    /** The table and the run-after-record hook, for another way in (Socket Mode) to the same bot. */
    dynamo: table.client,
    dynamodb: table.dynamodb,
    tableName: table.tableName,
    afterEnqueue,
    clock,
    log,
    jobs,
    worker,
    polytomic,
    slack,
    slackOrigin: slackServer.origin,
    polytomicOrigin: polytomicServer.origin,

    /** Sends a signed slash command; returns the HTTP answer and the response_url id its replies land on. */
    async command(
      text: string,
      fields: { userId?: string; channelId?: string; teamId?: string; enterpriseId?: string; appId?: string } = {},
    ) {
      const responseUrlId = randomUUID();
      const body = commandBody({ text, ...fields, responseUrl: slack.responseUrl(slackServer.origin, responseUrlId) });
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: signedHeaders(body, clock.now()),
        body,
      });
      const raw = await response.text();
      return {
        status: response.status,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined,
        responseUrlId,
      };
    },

    /** Presses a button on one of the bot's messages; returns the HTTP status and the response_url id. */
    async press(
      actionId: string,
      value: string | undefined,
      fields: {
        userId?: string;
        channelId?: string;
        messageTs?: string;
        actionTs?: string;
        teamId?: string;
        userTeamId?: string;
        appId?: string;
        onLinkPreview?: boolean;
        ephemeral?: boolean;
        threadTs?: string;
        selected?: boolean;
      } = {},
    ) {
      const responseUrlId = randomUUID();
      const body = buttonBody({
        actionId,
        value,
        ...fields,
        responseUrl: slack.responseUrl(slackServer.origin, responseUrlId),
      });
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: signedHeaders(body, clock.now()),
        body,
      });
      return { status: response.status, responseUrlId };
    },

    /** Sends a signed Events API body (JSON) to the Slack route, with Slack's retry headers when asked. */
    async slackEvent(body: string, options: { retryNum?: number } = {}) {
      const headers: Record<string, string> = {
        ...signedHeaders(body, clock.now()),
        'content-type': 'application/json',
      };
      if (options.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(options.retryNum);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      const response = await app.request('/slack/events', { method: 'POST', headers, body });
      const raw = await response.text();
      return { status: response.status, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined };
    },

    /** Presses a button on a person's Home tab. */
    async pressOnHome(actionId: string, value: string, fields: { userId?: string; selected?: boolean } = {}) {
      const body = homeButtonBody({ actionId, value, ...fields });
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: signedHeaders(body, clock.now()),
        body,
      });
      return { status: response.status };
    },

    /** Delivers a Polytomic event to the webhook route, signed (hex HMAC-SHA256) unless told otherwise. */
    async deliver(event: unknown, options: { signature?: string } = {}) {
      const body = JSON.stringify(event);
      const signature = options.signature ?? createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
      const response = await app.request('/polytomic/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'polytomic-signature': signature },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },

    /**
     * A sync's run failed, as Polytomic's webhook tells it now: delivered, its job run, and the channel's batch
     * window waited out and flushed, so its alert is posted.
     */
    async syncFailed(sync: { id: string; name: string }, eventId = randomUUID()) {
      const event = {
        id: eventId,
        type: 'sync.failed',
        organization_id: 'org',
        created_at: new Date(clock.now()).toISOString(),
        event: { execution_id: `x-${eventId}`, sync_id: sync.id, sync_name: sync.name },
      };
      const { status } = await this.deliver(event);
      if (status !== 200) throw new Error(`the webhook answered ${status}`);
      await this.settle();
      clock.advance(worker.timing.alertBatchMs);
      await this.tick();
    },

    /** The HTTP app as a fetch: how the simulated Polytomic delivers to the webhook it was given. */
    appFetch: ((input: string | URL | Request, init?: RequestInit) =>
      Promise.resolve(app.request(input instanceof Request ? input : String(input), init))) as typeof fetch,

    /** One scheduled poll tick: due jobs, refresh checks, digests, the event catch-up, alert flushes. */
    tick: () => pollOnce(worker),

    /** Messages posted in a channel (top level or in threads), in order. */
    posted(channel = 'C0DATA') {
      return slack.messages.filter((m) => m.via === 'chat.postMessage' && m.channel === channel);
    },

    /** Waits for every job the worker started. */
    async settle() {
      while (running.length > 0) await Promise.all(running.splice(0));
    },

    /** Settles, then lets time pass and sweeps until no job is due: a job's whole life, retries included. */
    async settleWithRetries(maxSweeps = 10) {
      for (let i = 0; i < maxSweeps; i++) {
        await this.settle();
        clock.advance(60_000);
        const { jobs, refreshes, digests } = await pollOnce(worker);
        if (
          jobs.done +
            jobs.retry +
            jobs.failed +
            refreshes.waiting +
            refreshes.finished +
            refreshes.retry +
            digests.posted +
            digests.retry ===
          0
        )
          return;
      }
      throw new Error('jobs still due after the sweeps');
    },

    /** What reached the person through one command's response_url. */
    replies(responseUrlId: string) {
      return slack.messages.filter((m) => m.via === 'response_url' && m.responseUrlId === responseUrlId);
    },

    async close() {
      await this.settle();
      await Promise.all([polytomicServer.close(), slackServer.close()]);
      await table.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
