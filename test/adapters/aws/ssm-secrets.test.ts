import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsJsonApi } from '../../../src/lib/adapters/aws/aws-json-api.js';
import { createAwsJsonApi } from '../../../src/lib/adapters/aws/aws-json-api.js';
import { resolveSsmSecrets } from '../../../src/lib/adapters/aws/ssm-secrets.js';
import { ConfigError } from '../../../src/lib/config.js';
import { createParameterStore } from '../../support/parameter-store.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback } from '../../support/servers.js';
import { SIGNING_SECRET } from '../../support/slack-requests.js';

const store = createParameterStore({
  '/polytomic-slack/test/slack-signing-secret': SIGNING_SECRET,
  '/polytomic-slack/test/slack-bot-token': 'xoxb-from-ssm',
  '/polytomic-slack/test/polytomic-api-key': 'pk-from-ssm',
});
let server: RunningServer;
let ssm: AwsJsonApi;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  server = await serveOnLoopback(store.app);
  ssm = createAwsJsonApi('ssm', { endpoint: server.origin, region: 'eu-west-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  await server.close();
});

describe('secrets from SSM Parameter Store', () => {
  it('reads each secret its _PARAMETER variable names, decrypted, in one call', async () => {
    store.calls.length = 0;
    const env = await resolveSsmSecrets(
      {
        SLACK_BOT_TOKEN_PARAMETER: '/polytomic-slack/test/slack-bot-token',
        POLYTOMIC_API_KEY_PARAMETER: '/polytomic-slack/test/polytomic-api-key',
        LOG_LEVEL: 'ERROR',
      },
      ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY'],
      { ssm },
    );
    expect(env).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-from-ssm',
      POLYTOMIC_API_KEY: 'pk-from-ssm',
      LOG_LEVEL: 'ERROR',
    });
    expect(store.calls).toEqual([
      {
        Names: ['/polytomic-slack/test/slack-bot-token', '/polytomic-slack/test/polytomic-api-key'],
        WithDecryption: true,
      },
    ]);
  });

  it('keeps a value already in the environment and asks SSM nothing, so local runs and tests need no AWS', async () => {
    store.calls.length = 0;
    const env = {
      SLACK_SIGNING_SECRET: 'from-env',
      SLACK_SIGNING_SECRET_PARAMETER: '/polytomic-slack/test/slack-signing-secret',
    };
    expect(await resolveSsmSecrets(env, ['SLACK_SIGNING_SECRET'], { ssm })).toEqual(env);
    expect(await resolveSsmSecrets({}, ['SLACK_SIGNING_SECRET'], { ssm })).toEqual({});
    expect(store.calls).toEqual([]);
  });

  it('names every missing parameter and the secret it was meant for', async () => {
    const attempt = resolveSsmSecrets(
      {
        SLACK_BOT_TOKEN_PARAMETER: '/polytomic-slack/test/typo',
        POLYTOMIC_API_KEY_PARAMETER: '/polytomic-slack/test/polytomic-api-key',
      },
      ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY'],
      { ssm },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({
      problems: ['SLACK_BOT_TOKEN: SSM parameter /polytomic-slack/test/typo not found in this account and region'],
    });
  });
});
