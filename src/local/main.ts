import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createAwsJsonApi, localDynamoAccess } from '../lib/adapters/aws/aws-json-api.js';
import { createDynamoClient } from '../lib/adapters/dynamo/client.js';
import { ensureTable } from '../lib/adapters/dynamo/table.js';
import { pollOnce } from '../lib/app/poll.js';
import { runJob } from '../lib/app/run-job.js';
import { systemClock } from '../lib/clock.js';
import { composeHttpApp } from '../lib/compose/http.js';
import { composeWorker } from '../lib/compose/worker.js';
import { accessPolicyOf, ConfigError, loadConfig } from '../lib/config.js';
import { scaleTiming } from '../lib/core/timing.js';
import { createLogger } from '../lib/log.js';
import type { NewJob } from '../lib/schemas/items.js';
import { createFeed } from './browser/feed.js';
import { createLocalSlackApp } from './browser/local-slack-app.js';
import { consoleTimeZone, createConsoleRenderer, renderSurfaceForConsole } from './console-render.js';
import { LOCAL_CHANNEL_ID, LOCAL_SIGNING_SECRET, SIMULATED_POLYTOMIC_PATH, SIMULATED_SLACK_PATH } from './defaults.js';
import { startDynalite } from './dynalite.js';
import { createPolytomicSimulator } from './polytomic-simulator.js';
import { createSlackSimulator } from './slack-simulator.js';
import { startSocketMode } from './socket-mode.js';

/**
 * `npm start`: the deployed code in one process. The HTTP app on a Node server, the worker run as soon as
 * a job is written, the poller on a timer; dynalite, a Polytomic simulator and a console Slack stand in
 * for whatever is not configured.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN)
    throw new ConfigError([
      'SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) answers in a real workspace, so set its bot token (xoxb-…) too',
    ]);
  // The console Slack is what a local run is for: only warnings and errors come between its messages unless asked.
  const logLevel = process.env.LOG_LEVEL ? config.LOG_LEVEL : 'WARN';
  const log = createLogger({ level: logLevel, keys: { function: 'local' } });
  const origin = `http://localhost:${config.PORT}`;
  const root = new Hono();
  const notes: string[] = [];

  let dynamoEndpoint = config.DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) {
    dynamoEndpoint = (await startDynalite()).endpoint;
    notes.push('DynamoDB: embedded dynalite, in memory (set DYNAMODB_ENDPOINT to keep jobs across restarts)');
  } else {
    notes.push(`DynamoDB: ${dynamoEndpoint}`);
  }
  const dynamo = createDynamoClient({ endpoint: dynamoEndpoint, requestTimeoutMs: 5_000 });
  await ensureTable(dynamo, config.TABLE_NAME);

  let polytomicUrl = config.POLYTOMIC_URL;
  let polytomicApiKey = config.POLYTOMIC_API_KEY;
  if (!polytomicApiKey) {
    polytomicApiKey = 'local-simulator-key';
    const simulator = createPolytomicSimulator({
      apiKey: polytomicApiKey,
      latencyMs: config.POLYTOMIC_SIMULATOR_LATENCY_MS,
    });
    root.route(SIMULATED_POLYTOMIC_PATH, simulator.app);
    polytomicUrl = `${origin}${SIMULATED_POLYTOMIC_PATH}`;
    // The simulated Polytomic delivers its sync events to whatever webhook `/polytomic webhook setup` registered.
    setInterval(
      () => void simulator.deliverEvents().catch((error: unknown) => log.warn('simulated delivery failed', { error })),
      config.POLL_INTERVAL_SECONDS * 1000,
    ).unref();
    notes.push(`Polytomic: SIMULATOR at ${polytomicUrl} (no POLYTOMIC_API_KEY set; its syncs change state over time)`);
  } else {
    notes.push(`Polytomic: ${polytomicUrl}`);
  }

  const signingSecret = config.SLACK_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET;
  let slackApiUrl = config.SLACK_API_URL;
  let botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) {
    const renderMessage = createConsoleRenderer();
    const feed = createFeed({ channelId: LOCAL_CHANNEL_ID });
    const slack = createSlackSimulator({
      // Everyone is in the channel `npm run command` speaks in, so the Home shows its watches and digests.
      channelsOfEveryone: [LOCAL_CHANNEL_ID],
      onMessage: (message) => {
        process.stdout.write(renderMessage(message));
        feed.record(message);
      },
      onSurface: (surface) => {
        process.stdout.write(renderSurfaceForConsole(surface));
        feed.surface(surface);
      },
    });
    root.route(SIMULATED_SLACK_PATH, slack.app);
    const responseUrlBase = `${origin}${SIMULATED_SLACK_PATH}/response`;
    root.route('/', createLocalSlackApp({ feed, origin, responseUrlBase, signingSecret }));
    notes.push(`Slack: SIMULATED (no SLACK_BOT_TOKEN set): open ${origin}/ in a browser; it is also printed here`);
    slackApiUrl = `${origin}${SIMULATED_SLACK_PATH}/api/`;
    botToken = slack.botToken;
    notes.push(`  times in this machine's zone (${consoleTimeZone()}); Slack shows each reader their own`);
  }
  // Lambda gets here through the table's stream; locally the job runs right after the acknowledgement.
  const runLocally = (job: NewJob) =>
    setImmediate(() => void runJob(worker, job.id).catch((error) => log.error('local job failed', { error })));

  const worker = composeWorker({
    botToken,
    slackApiUrl,
    polytomicApiKey,
    polytomicUrl,
    dynamo,
    tableName: config.TABLE_NAME,
    clock: systemClock,
    log,
    refreshTimeoutMs: config.REFRESH_TIMEOUT_MINUTES * 60_000,
    policy: accessPolicyOf(config),
    slackTeamId: config.SLACK_TEAM_ID,
    slackAppId: config.SLACK_APP_ID,
    requestsPerPersonPerMinute: config.REQUESTS_PER_PERSON_PER_MINUTE,
    suggestPauseAt: config.PAUSE_SUGGESTION_AFTER_FAILURES,
    timing: scaleTiming(config.TIME_SCALE),
  });
  // The acknowledgement's own DynamoDB path, as deployed (no SDK client): over HTTP and over Socket Mode.
  const ackDynamodb = createAwsJsonApi('dynamodb', localDynamoAccess(dynamoEndpoint));
  const httpApp = composeHttpApp({
    signingSecret,
    // The console Slack takes answers on this server's own origin (`npm run command` names it as response_url).
    responseUrlOrigins: [...config.SLACK_RESPONSE_URL_ORIGINS, origin],
    dynamodb: ackDynamodb,
    tableName: config.TABLE_NAME,
    clock: systemClock,
    log,
    afterEnqueue: runLocally,
  });
  root.route('/', httpApp);

  if (config.SLACK_APP_TOKEN) {
    await startSocketMode({
      appToken: config.SLACK_APP_TOKEN,
      slackApiUrl: config.SLACK_API_URL,
      responseUrlOrigins: config.SLACK_RESPONSE_URL_ORIGINS,
      dynamodb: ackDynamodb,
      tableName: config.TABLE_NAME,
      clock: systemClock,
      log,
      afterEnqueue: runLocally,
      // Only the simulated Polytomic can deliver webhooks to this machine; real Polytomic needs a public address.
      origin: config.POLYTOMIC_API_KEY ? undefined : origin,
    });
    notes.push('Slack: SOCKET MODE (SLACK_APP_TOKEN set): type /polytomic in your workspace; no Request URL needed');
  }

  const poll = () => void pollOnce(worker).catch((error) => log.error('local poll failed', { error }));
  setInterval(poll, config.POLL_INTERVAL_SECONDS * 1000 * config.TIME_SCALE).unref();

  // Over Socket Mode the workspace is where to type; otherwise a signed command from another terminal.
  const tryItHere = [
    config.SLACK_BOT_TOKEN
      ? 'Send it a signed slash command from another terminal:'
      : `Type in the page at ${origin}/, or send a signed slash command from another terminal:`,
    '  npm run command -- status',
    '  npm run command -- status "Orders to Snowflake"',
    '  npm run command -- webhook setup    (then: npm run command -- watch all)',
    config.SLACK_SIGNING_SECRET
      ? ''
      : `  (signed with the local secret "${LOCAL_SIGNING_SECRET}"; set SLACK_SIGNING_SECRET for a real app)`,
  ];
  const server = serve({ fetch: root.fetch, port: config.PORT }, () => {
    process.stdout.write(
      [
        '',
        `polytomic-slack is running at ${origin}`,
        `  Request URL: POST ${origin}/slack/events   health: GET ${origin}/healthz`,
        ...notes.map((note) => `  ${note}`),
        `  Logs: ${logLevel === 'WARN' && !process.env.LOG_LEVEL ? 'warnings and errors only (LOG_LEVEL=INFO npm start shows every request, DEBUG more)' : `level ${logLevel}`}`,
        '',
        ...(config.SLACK_APP_TOKEN ? ['In your workspace, type /polytomic help, then /polytomic status.'] : tryItHere),
        '',
      ].join('\n'),
    );
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    process.stderr.write(
      `Port ${config.PORT} is already in use (another npm start?). Choose another: PORT=${config.PORT + 1} npm start\n`,
    );
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
