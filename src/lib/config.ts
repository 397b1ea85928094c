import type { AccessPolicy } from './core/policy.js';
import * as z from './schemas/zod.js';

const optionalText = () =>
  z.optional(
    z.pipe(
      z.string().check(z.trim()),
      z.transform((value) => (value === '' ? undefined : value)),
    ),
  );

/** A list of Slack ids, separated by commas or spaces: `U123, U456`. */
const slackIds = () =>
  z.pipe(
    z._default(z.string(), ''),
    z.pipe(
      z.transform((value: string) => value.split(/[\s,]+/).filter(Boolean)),
      z.array(z.string().check(z.regex(/^[A-Z0-9]{2,40}$/, 'each entry must be a Slack id such as U0123ABCD'))),
    ),
  );

/** Origins separated by commas or spaces: `https://hooks.slack.com, http://localhost:3000`. */
const originList = (fallback: string) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.pipe(
      z.transform((value: string) => value.split(/[\s,]+/).filter(Boolean)),
      z
        .array(
          z.pipe(
            z
              .url({ protocol: /^https?$/ })
              .check(
                z.refine(
                  (value) => isBareOrigin(new URL(value)),
                  'each entry must be an origin such as https://hooks.slack.com, with no path',
                ),
              ),
            z.transform((value) => new URL(value).origin),
          ),
        )
        .check(z.minLength(1, 'name at least one origin, such as https://hooks.slack.com')),
    ),
  );

const isBareOrigin = (url: URL) => url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;

const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

/**
 * The environment contract, one schema builder per setting. Names are public: the README, serverless.yml and
 * deploy guide use them. Built only when read, so a function that reads a few settings builds only theirs.
 */
const settings = {
  PORT: () => wholeNumber(1, 65_535, 3000),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  /** Local runs only: an app-level token (`xapp-…`, scope connections:write); set, `npm start` takes Slack's requests over Socket Mode. */
  SLACK_APP_TOKEN: () =>
    z.pipe(
      optionalText(),
      z.optional(z.string().check(z.startsWith('xapp-', 'must be an app-level token (xapp-…), not a bot token'))),
    ),
  SLACK_API_URL: () =>
    z.pipe(
      z._default(z.url(), 'https://slack.com/api/'),
      z.transform((value) => (value.endsWith('/') ? value : `${value}/`)),
    ),
  POLYTOMIC_API_KEY: optionalText,
  /** Where a request's response_url may point: the bot posts answers there, so anything else is refused. */
  SLACK_RESPONSE_URL_ORIGINS: () => originList('https://hooks.slack.com'),
  POLYTOMIC_URL: () =>
    z.pipe(
      z._default(z.url(), 'https://app.polytomic.com'),
      z.transform((value) => value.replace(/\/+$/, '')),
    ),
  DYNAMODB_ENDPOINT: () => z.pipe(optionalText(), z.optional(z.url())),
  TABLE_NAME: () => z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(255)), 'polytomic-slack'),
  POLL_INTERVAL_SECONDS: () => wholeNumber(1, 3600, 5),
  /** How long to watch a schema refresh before replying that it is still not fresh. */
  REFRESH_TIMEOUT_MINUTES: () => wholeNumber(1, 24 * 60, 30),
  LOG_LEVEL: () => z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  /** Who may change things through the bot (refresh, start, cancel): user ids and user group ids. Both empty: everyone. */
  ALLOWED_USERS: slackIds,
  ALLOWED_USERGROUPS: slackIds,
  /** When set, changes are allowed only in these channels. */
  ALLOWED_CHANNELS: slackIds,
  /** Named in refusals as who can grant access, e.g. `<@U0123ABCD>` or `#data-platform`. */
  ACCESS_CONTACT: optionalText,
  /** The workspace served (`T…`), or the organisation of an org-wide Grid install (`E…`); unset: the bot token's, from `auth.test`. */
  SLACK_TEAM_ID: () =>
    z.pipe(
      optionalText(),
      z.optional(
        z.string().check(z.regex(/^[TE][A-Z0-9]{2,40}$/, 'must be a workspace id (T…) or an organisation id (E…)')),
      ),
    ),
  /** When set, requests naming another app (`api_app_id`) are refused. */
  SLACK_APP_ID: () =>
    z.pipe(
      optionalText(),
      z.optional(z.string().check(z.regex(/^A[A-Z0-9]{2,40}$/, 'must be an app id such as A0123ABCD'))),
    ),
  /** Commands and button presses one person may make a minute; more are answered with a request to wait. */
  REQUESTS_PER_PERSON_PER_MINUTE: () => wholeNumber(1, 1000, 20),
  /** At this many failures in a row, the alert's thread suggests pausing the sync (the first failure is the alert itself). */
  PAUSE_SUGGESTION_AFTER_FAILURES: () => wholeNumber(2, 100, 3),
  /** Local runs only: delay every simulated Polytomic answer, to watch the ack not wait for it. */
  POLYTOMIC_SIMULATOR_LATENCY_MS: () => wholeNumber(0, 120_000, 0),
  /** Local runs only: every lease, retry delay, deadline and the poll interval times this (the fault suite runs at 0.05). */
  TIME_SCALE: () => z._default(z.coerce.number().check(z.gte(0.001), z.lte(1)), 1),
};

type Settings = typeof settings;
export type Setting = keyof Settings;
export type Config = { [S in Setting]: z.output<ReturnType<Settings[S]>> };
/** Every setting's name, as the template test checks serverless.yml against them. */
export const SETTINGS = Object.keys(settings) as Setting[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once, listing every problem rather than stopping at the first. `names` limits it to the
 * settings a function reads: the acknowledgement's cold start builds five schemas rather than all of them.
 */
export function loadConfig(env: Record<string, string | undefined>): Config;
export function loadConfig<const S extends Setting>(
  env: Record<string, string | undefined>,
  names: readonly S[],
): Pick<Config, S>;
export function loadConfig(env: Record<string, string | undefined>, names: readonly Setting[] = SETTINGS) {
  const schema = z.object(Object.fromEntries(names.map((name) => [name, settings[name]()])));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  return parsed.data;
}

type Secret = 'SLACK_SIGNING_SECRET' | 'SLACK_BOT_TOKEN' | 'POLYTOMIC_API_KEY';

/** Deployed functions cannot fall back to simulators: each needs its secrets, and an empty one is refused. */
export function requireSecrets<const N extends Secret>(
  config: Record<N, string | undefined>,
  names: readonly N[],
): Record<N, string> {
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: required, and must not be empty`));
  return Object.fromEntries(names.map((name) => [name, config[name]])) as Record<N, string>;
}

/** The access policy the ALLOWED_* settings describe; all empty means open to everyone. */
export const accessPolicyOf = (config: Config): AccessPolicy => ({
  users: config.ALLOWED_USERS,
  usergroups: config.ALLOWED_USERGROUPS,
  channels: config.ALLOWED_CHANNELS,
  contact: config.ACCESS_CONTACT,
});
