import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../../config.js';

type Env = Record<string, string | undefined>;
type SecretName = 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'POLYTOMIC_API_KEY';

/** The variable naming a secret's SSM parameter: `SLACK_BOT_TOKEN` → `SLACK_BOT_TOKEN_PARAMETER`. */
export const parameterVariable = (name: SecretName): string => `${name}_PARAMETER`;

/**
 * Deployed functions receive each secret's SSM parameter *name* and read the SecureString once per cold
 * start, so no secret is stored in the Lambda configuration. A value already in `env` wins, which keeps
 * local runs and tests free of AWS. One GetParameters call reads them all.
 */
export async function resolveSsmSecrets(
  env: Env,
  names: readonly SecretName[],
  options: { client?: SSMClient } = {},
): Promise<Env> {
  const parameterOf = (name: SecretName) => env[parameterVariable(name)]?.trim() ?? '';
  const wanted = names.filter((name) => !env[name]?.trim() && parameterOf(name) !== '');
  if (wanted.length === 0) return env;

  const client = options.client ?? createSsmClient();
  try {
    const { Parameters = [], InvalidParameters = [] } = await client.send(
      new GetParametersCommand({ Names: [...new Set(wanted.map(parameterOf))], WithDecryption: true }),
    );
    const missing = wanted.filter((name) => InvalidParameters.includes(parameterOf(name)));
    if (missing.length > 0) {
      throw new ConfigError(
        missing.map((name) => `${name}: SSM parameter ${parameterOf(name)} not found in this account and region`),
      );
    }
    const values = new Map(Parameters.map((p) => [p.Name, p.Value]));
    return { ...env, ...Object.fromEntries(wanted.map((name) => [name, values.get(parameterOf(name))])) };
  } finally {
    if (!options.client) client.destroy();
  }
}

// A cold start waits on this call, so it gets deadlines like the DynamoDB client's.
function createSsmClient(): SSMClient {
  return new SSMClient({
    maxAttempts: 3,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });
}
