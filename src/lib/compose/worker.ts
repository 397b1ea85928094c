import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoAlertStore } from '../adapters/dynamo/alert-store.js';
import { createDynamoAuditStore } from '../adapters/dynamo/audit-store.js';
import { createDynamoDigestStore } from '../adapters/dynamo/digest-store.js';
import { createDynamoEventCursorStore } from '../adapters/dynamo/event-cursor-store.js';
import { createDynamoHomeViewStore } from '../adapters/dynamo/home-view-store.js';
import { createDynamoIncidentStore } from '../adapters/dynamo/incident-store.js';
import { createDynamoJobStore } from '../adapters/dynamo/job-store.js';
import { createDynamoOverviewStore } from '../adapters/dynamo/overview-store.js';
import { createDynamoPostStore } from '../adapters/dynamo/post-store.js';
import { createDynamoRefreshStore } from '../adapters/dynamo/refresh-store.js';
import { createDynamoRequestCountStore } from '../adapters/dynamo/request-count-store.js';
import { createDynamoRuleCheckStore } from '../adapters/dynamo/rule-check-store.js';
import { createDynamoWebhookStore } from '../adapters/dynamo/webhook-store.js';
import { createPolytomicClient } from '../adapters/polytomic/client.js';
import { createBoltApp } from '../adapters/slack/bolt.js';
import { createSlackApi } from '../adapters/slack/web-api.js';
import { queueEventAlerts } from '../app/alerts.js';
import type { PollDeps } from '../app/poll.js';
import type { JobDispatcher } from '../app/run-job.js';
import { createSlackDispatcher } from '../app/slack-dispatcher.js';
import { installationSource } from '../app/workspace.js';
import type { Clock } from '../clock.js';
import { sleep } from '../clock.js';
import { ALERT_POLICY } from '../core/alerts.js';
import type { AccessPolicy } from '../core/policy.js';
import { REFRESH_POLICY } from '../core/refresh.js';
import type { Timing } from '../core/timing.js';
import { DEFAULT_TIMING } from '../core/timing.js';
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
  refreshTimeoutMs?: number;
  /** Who may change things; default: everyone in the workspace (see the README). */
  policy?: AccessPolicy;
  /** SLACK_TEAM_ID: the workspace (or Grid organisation) served; default: the bot token's, from `auth.test`. */
  slackTeamId?: string;
  /** SLACK_APP_ID: when set, requests naming another app are refused. */
  slackAppId?: string;
  /** REQUESTS_PER_PERSON_PER_MINUTE; default 20. */
  requestsPerPersonPerMinute?: number;
  /** PAUSE_SUGGESTION_AFTER_FAILURES; default `ALERT_POLICY.suggestPauseAt` (3). */
  suggestPauseAt?: number;
  /** Injected transports: tests and the local run point them at the simulators. */
  slackFetch?: typeof fetch;
  polytomicFetch?: typeof fetch;
  polytomicSleep?: (ms: number) => Promise<void>;
  polytomicTimeoutMs?: number;
  /** How the digest waits between posts to one channel (tests skip the wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Leases, retry delays and deadlines; default as deployed. */
  timing?: Timing;
}

const OPEN_POLICY: AccessPolicy = { users: [], usergroups: [], channels: [] };
const DEFAULT_REQUESTS_PER_PERSON_PER_MINUTE = 20;

/** The worker's and poller's object graph: stores, the Polytomic client, Slack, and the Bolt listeners. */
export function composeWorker(input: WorkerComposition): PollDeps {
  const timing = input.timing ?? DEFAULT_TIMING;
  const polytomic = createPolytomicClient({
    baseUrl: input.polytomicUrl,
    apiKey: input.polytomicApiKey,
    fetch: input.polytomicFetch,
    sleep: input.polytomicSleep,
    timeoutMs: input.polytomicTimeoutMs ?? timing.polytomicTimeoutMs,
    log: input.log,
  });
  const slackOptions = {
    botToken: input.botToken,
    slackApiUrl: input.slackApiUrl,
    fetch: input.slackFetch,
    log: input.log,
    timeoutMs: timing.slackTimeoutMs,
  };
  const bolt = createBoltApp(slackOptions);
  const slack = createSlackApi(slackOptions);
  const table = [input.dynamo, input.tableName] as const;
  // One flat object: each use case takes the part it names. Everything that posts outside response_url
  // posts through the post-once ledger (postStore).
  const deps = {
    polytomic,
    polytomicUrl: input.polytomicUrl,
    slack,
    clock: input.clock,
    log: input.log,
    sleep: input.sleep ?? sleep,
    timing,
    jobStore: createDynamoJobStore(...table),
    refreshStore: createDynamoRefreshStore(...table),
    digestStore: createDynamoDigestStore(...table),
    alertStore: createDynamoAlertStore(...table),
    incidentStore: createDynamoIncidentStore(...table),
    homeViewStore: createDynamoHomeViewStore(...table),
    ruleCheckStore: createDynamoRuleCheckStore(...table),
    auditStore: createDynamoAuditStore(...table),
    postStore: createDynamoPostStore(...table),
    webhookStore: createDynamoWebhookStore(...table),
    eventCursorStore: createDynamoEventCursorStore(...table),
    requestCountStore: createDynamoRequestCountStore(...table),
    refreshTimeoutMs: input.refreshTimeoutMs ?? REFRESH_POLICY.timeoutMs,
    requestsPerPersonPerMinute: input.requestsPerPersonPerMinute ?? DEFAULT_REQUESTS_PER_PERSON_PER_MINUTE,
    suggestPauseAt: input.suggestPauseAt ?? ALERT_POLICY.suggestPauseAt,
    // 30 s: long enough to absorb a burst of `status`, short enough that nobody acts on an old picture.
    overviews: { store: createDynamoOverviewStore(...table), maxAgeMs: 30_000, inFlight: new Map() },
    policy: input.policy ?? OPEN_POLICY,
    installation: installationSource({ teamId: input.slackTeamId, appId: input.slackAppId, slack }),
  };
  const slackDispatch = createSlackDispatcher(bolt, deps);
  // Polytomic events are not Slack requests: they go straight to the alerts, the rest through Bolt.
  const dispatch: JobDispatcher = (job, log) =>
    job.kind === 'polytomic_event' ? queueEventAlerts({ ...deps, log }, job.payload) : slackDispatch(job, log);
  return { ...deps, dispatch };
}
