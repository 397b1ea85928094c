import type { Logger as BoltLogger } from '@slack/bolt';
import { App, LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { WebClient } from '@slack/web-api';
import type { Log } from '../../log.js';

export interface BoltOptions {
  botToken: string;
  slackApiUrl: string;
  fetch?: typeof fetch;
  log: Log;
  /** Deadline of each Web API call and each response_url post (default 10 s). */
  timeoutMs?: number;
  /** Transport retries of each Web API call (default 2); 0 where a retry could repeat what Slack already did. */
  retries?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Bolt without a receiver: requests were verified and acknowledged by the HTTP function already, so the
 * worker feeds stored bodies to `app.processEvent` and Bolt contributes routing, `respond` and `client`.
 */
export function createBoltApp(options: BoltOptions): App {
  const app = new App({
    receiver: { init: () => undefined, start: async () => undefined, stop: async () => undefined },
    // A fixed authorization skips Bolt's auth.test round trip on every cold start.
    authorize: async () => ({ botToken: options.botToken }),
    logger: boltLogger(options.log),
    clientOptions: webClientOptions(options),
  });
  // Listener failures must reach the job runner (to retry or give up), not stop at Bolt's default logger.
  app.error(async (error) => {
    throw error.original ?? error;
  });
  return app;
}

function webClientOptions(options: BoltOptions): WebClientOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    slackApiUrl: options.slackApiUrl,
    // Bolt's `respond` posts to response_url with this fetch and no deadline of its own.
    fetch: withDeadline(options.fetch ?? globalThis.fetch, timeoutMs),
    // Never the Web API client's default of ten retries over thirty minutes: work retries on its own schedule.
    timeout: timeoutMs,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(options.log),
  };
}

/** A Web API client with the bot token and the same bounded behaviour, for work outside Bolt's listeners (the poller). */
export function createWebClient(options: BoltOptions): WebClient {
  return new WebClient(options.botToken, webClientOptions(options));
}

function withDeadline(fetchFn: typeof fetch, ms: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    return fetchFn(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

function boltLogger(log: Log): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts) => log.debug(`bolt: ${text(parts)}`),
    info: (...parts) => log.debug(`bolt: ${text(parts)}`),
    warn: (...parts) => log.warn(`bolt: ${text(parts)}`),
    error: (...parts) => log.error(`bolt: ${text(parts)}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
