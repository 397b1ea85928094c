import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSecrets } from '../src/lib/config.js';

describe('configuration', () => {
  it('fills in the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      SLACK_API_URL: 'https://slack.com/api/',
      POLYTOMIC_URL: 'https://app.polytomic.com',
      TABLE_NAME: 'polytomic-slack',
      POLL_INTERVAL_SECONDS: 5,
      REFRESH_TIMEOUT_MINUTES: 30,
    });
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', POLYTOMIC_URL: 'not a url', POLL_INTERVAL_SECONDS: '0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'PORT',
        'POLYTOMIC_URL',
        'POLL_INTERVAL_SECONDS',
      ]);
    }
  });

  it('normalises URLs: a trailing slash on the Slack API, none on Polytomic', () => {
    expect(
      loadConfig({ SLACK_API_URL: 'http://localhost:1/api', POLYTOMIC_URL: 'https://poly.example.com/' }),
    ).toMatchObject({
      SLACK_API_URL: 'http://localhost:1/api/',
      POLYTOMIC_URL: 'https://poly.example.com',
    });
  });

  it("reads the allowed response_url origins as origins, Slack's by default, and refuses a path or an empty list", () => {
    expect(loadConfig({}).SLACK_RESPONSE_URL_ORIGINS).toEqual(['https://hooks.slack.com']);
    expect(
      loadConfig({ SLACK_RESPONSE_URL_ORIGINS: 'https://HOOKS.slack.com/, http://localhost:3000' })
        .SLACK_RESPONSE_URL_ORIGINS,
    ).toEqual(['https://hooks.slack.com', 'http://localhost:3000']);
    for (const value of ['https://hooks.slack.com/commands', 'ftp://hooks.slack.com', ' ']) {
      expect(() => loadConfig({ SLACK_RESPONSE_URL_ORIGINS: value }), value).toThrow(/SLACK_RESPONSE_URL_ORIGINS/);
    }
  });

  it('refuses to run a deployed function with an empty or missing secret', () => {
    const config = loadConfig({ SLACK_SIGNING_SECRET: '   ', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(() => requireSecrets(config, ['SLACK_SIGNING_SECRET'])).toThrow(
      /SLACK_SIGNING_SECRET: required, and must not be empty/,
    );
    expect(requireSecrets(config, ['SLACK_BOT_TOKEN'])).toEqual({ SLACK_BOT_TOKEN: 'xoxb-1' });
  });
});

describe('the workspace and cost settings', () => {
  it('leave the workspace to auth.test and allow 20 requests a person a minute unless set', () => {
    const defaults = loadConfig({ SLACK_TEAM_ID: ' ' });
    expect([defaults.SLACK_TEAM_ID, defaults.SLACK_APP_ID, defaults.REQUESTS_PER_PERSON_PER_MINUTE]).toEqual([
      undefined,
      undefined,
      20,
    ]);
    expect(
      loadConfig({ SLACK_TEAM_ID: ' T0123ABCD ', SLACK_APP_ID: 'A0123ABCD', REQUESTS_PER_PERSON_PER_MINUTE: '5' }),
    ).toMatchObject({
      SLACK_TEAM_ID: 'T0123ABCD',
      SLACK_APP_ID: 'A0123ABCD',
      REQUESTS_PER_PERSON_PER_MINUTE: 5,
    });
  });

  it('refuses ids of the wrong kind and a limit of none', () => {
    try {
      loadConfig({ SLACK_TEAM_ID: 'U0123ABCD', SLACK_APP_ID: 'T0123ABCD', REQUESTS_PER_PERSON_PER_MINUTE: '0' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'SLACK_TEAM_ID',
        'SLACK_APP_ID',
        'REQUESTS_PER_PERSON_PER_MINUTE',
      ]);
    }
  });

  it('suggests pausing at the third failure in a row unless set, and never at the first (that is the alert itself)', () => {
    expect(loadConfig({}).PAUSE_SUGGESTION_AFTER_FAILURES).toBe(3);
    expect(loadConfig({ PAUSE_SUGGESTION_AFTER_FAILURES: '5' }).PAUSE_SUGGESTION_AFTER_FAILURES).toBe(5);
    expect(() => loadConfig({ PAUSE_SUGGESTION_AFTER_FAILURES: '1' })).toThrow(ConfigError);
  });

  it('reads only the settings a function names: those are checked and defaulted, the others neither read nor refused', () => {
    const env = {
      TABLE_NAME: ' jobs ',
      POLL_INTERVAL_SECONDS: '0',
      SLACK_RESPONSE_URL_ORIGINS: 'https://hooks.slack.com/',
    };
    expect(loadConfig(env, ['TABLE_NAME', 'SLACK_RESPONSE_URL_ORIGINS', 'LOG_LEVEL'])).toEqual({
      TABLE_NAME: 'jobs',
      SLACK_RESPONSE_URL_ORIGINS: ['https://hooks.slack.com'],
      LOG_LEVEL: 'INFO',
    });
    expect(() => loadConfig(env)).toThrow(/POLL_INTERVAL_SECONDS/);
    expect(() => loadConfig({ ...env, TABLE_NAME: ' ' }, ['TABLE_NAME', 'LOG_LEVEL'])).toThrow(/TABLE_NAME/);
  });
});
