import { handle } from 'hono/aws-lambda';
import { awsAccessFromEnv, createAwsJsonApi, localDynamoAccess } from '../lib/adapters/aws/aws-json-api.js';
import { resolveSsmSecrets } from '../lib/adapters/aws/ssm-secrets.js';
import { systemClock } from '../lib/clock.js';
import { composeHttpApp } from '../lib/compose/http.js';
import { loadConfig, requireSecrets } from '../lib/config.js';
import { createLogger } from '../lib/log.js';

const config = loadConfig(await resolveSsmSecrets(process.env, ['SLACK_SIGNING_SECRET']), [
  'SLACK_SIGNING_SECRET',
  'SLACK_RESPONSE_URL_ORIGINS',
  'DYNAMODB_ENDPOINT',
  'TABLE_NAME',
  'LOG_LEVEL',
]);
const { SLACK_SIGNING_SECRET } = requireSecrets(config, ['SLACK_SIGNING_SECRET']);

/** API Gateway (HTTP API) → Hono: verify, validate, acknowledge, record the job. */
export const handler = handle(
  composeHttpApp({
    signingSecret: SLACK_SIGNING_SECRET,
    responseUrlOrigins: config.SLACK_RESPONSE_URL_ORIGINS,
    dynamodb: createAwsJsonApi(
      'dynamodb',
      config.DYNAMODB_ENDPOINT ? localDynamoAccess(config.DYNAMODB_ENDPOINT) : awsAccessFromEnv(process.env),
    ),
    tableName: config.TABLE_NAME,
    clock: systemClock,
    log: createLogger({ level: config.LOG_LEVEL, keys: { function: 'http' } }),
  }),
);
