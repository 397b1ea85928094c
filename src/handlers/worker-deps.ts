import { resolveSsmSecrets } from '../lib/adapters/aws/ssm-secrets.js';
import { createDynamoClient } from '../lib/adapters/dynamo/client.js';
import type { PollDeps } from '../lib/app/poll.js';
import { systemClock } from '../lib/clock.js';
import { composeWorker } from '../lib/compose/worker.js';
import { accessPolicyOf, loadConfig, requireSecrets } from '../lib/config.js';
import { createLogger } from '../lib/log.js';

/** The worker and the poller share one object graph, built once per cold start. */
export async function workerDepsFromEnv(functionName: string): Promise<PollDeps> {
  const config = loadConfig(await resolveSsmSecrets(process.env, ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY']));
  const secrets = requireSecrets(config, ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY']);
  return composeWorker({
    botToken: secrets.SLACK_BOT_TOKEN,
    polytomicApiKey: secrets.POLYTOMIC_API_KEY,
    slackApiUrl: config.SLACK_API_URL,
    polytomicUrl: config.POLYTOMIC_URL,
    dynamo: createDynamoClient({ endpoint: config.DYNAMODB_ENDPOINT, requestTimeoutMs: 5_000 }),
    tableName: config.TABLE_NAME,
    refreshTimeoutMs: config.REFRESH_TIMEOUT_MINUTES * 60_000,
    policy: accessPolicyOf(config),
    slackTeamId: config.SLACK_TEAM_ID,
    slackAppId: config.SLACK_APP_ID,
    requestsPerPersonPerMinute: config.REQUESTS_PER_PERSON_PER_MINUTE,
    suggestPauseAt: config.PAUSE_SUGGESTION_AFTER_FAILURES,
    clock: systemClock,
    log: createLogger({ level: config.LOG_LEVEL, keys: { function: functionName } }),
  });
}
