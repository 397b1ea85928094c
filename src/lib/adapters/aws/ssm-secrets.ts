import { ConfigError } from '../../config.js';
import type { AwsJsonApi } from './aws-json-api.js';
import { awsAccessFromEnv, createAwsJsonApi } from './aws-json-api.js';

type Env = Record<string, string | undefined>;
type SecretName = 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'POLYTOMIC_API_KEY';

/** The variable naming a secret's SSM parameter: `SLACK_BOT_TOKEN` → `SLACK_BOT_TOKEN_PARAMETER`. */
export const parameterVariable = (name: SecretName): string => `${name}_PARAMETER`;

/**
 * Deployed functions receive each secret's SSM parameter *name* and read the SecureString once per cold
 * start, so no secret is stored in the Lambda configuration. A value already in `env` wins, which keeps
 * local runs and tests free of AWS. One GetParameters call reads them all, through `aws-json-api.ts` rather than
 * the SDK's SSM client: it is in every function's cold start, the acknowledgement's included.
 */
export async function resolveSsmSecrets(
  env: Env,
  names: readonly SecretName[],
  options: { ssm?: AwsJsonApi } = {},
): Promise<Env> {
  const parameterOf = (name: SecretName) => env[parameterVariable(name)]?.trim() ?? '';
  const wanted = names.filter((name) => !env[name]?.trim() && parameterOf(name) !== '');
  if (wanted.length === 0) return env;

  const ssm = options.ssm ?? createSsmApi(env);
  const { Parameters = [], InvalidParameters = [] } = await ssm.call<GetParametersOutput>('GetParameters', {
    Names: [...new Set(wanted.map(parameterOf))],
    WithDecryption: true,
  });
  const missing = wanted.filter((name) => InvalidParameters.includes(parameterOf(name)));
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((name) => `${name}: SSM parameter ${parameterOf(name)} not found in this account and region`),
    );
  }
  const values = new Map(Parameters.map((p) => [p.Name, p.Value]));
  return { ...env, ...Object.fromEntries(wanted.map((name) => [name, values.get(parameterOf(name))])) };
}

interface GetParametersOutput {
  Parameters?: { Name: string; Value: string }[];
  InvalidParameters?: string[];
}

// A cold start waits on this call, so it gets a deadline per attempt (2 s, three attempts), as the SDK client had.
// AWS_ENDPOINT_URL_SSM is the SDK's own override, kept so a stand-in Parameter Store is reached the same way.
const createSsmApi = (env: Env): AwsJsonApi =>
  createAwsJsonApi('ssm', awsAccessFromEnv(env, { endpoint: env.AWS_ENDPOINT_URL_SSM, attemptTimeoutMs: 2_000 }));
