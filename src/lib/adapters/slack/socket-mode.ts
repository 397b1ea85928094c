import type { SocketModeOptions as ClientOptions, Logger } from '@slack/socket-mode';
import { LogLevel, SocketModeClient } from '@slack/socket-mode';
import type { AppsConnectionsOpenResponse } from '@slack/web-api';
import type { SlackHttpReply, VerifiedSlackRequest } from '../../app/accept-slack-request.js';
import type { Log } from '../../log.js';
import { MAX_BODY_BYTES } from '../http/app.js';

export interface SocketModeOptions {
  /** The app-level token (`xapp-…`): the only credential of a Socket Mode connection, so never logged. */
  appToken: string;
  /** Where `apps.connections.open` is called (SLACK_API_URL). */
  slackApiUrl: string;
  /** The acknowledgement and job path after verification, as the HTTP app runs it. */
  accept: (request: VerifiedSlackRequest) => Promise<SlackHttpReply>;
  log: Log;
  /** The origin a command names as the bot's address (`webhook setup`); none when nothing can reach this process. */
  origin?: string;
  /** The client waits this long for a pong and before each reconnect (default 5 s; tests shorten it). */
  reconnectDelayMs?: number;
}

export interface SocketModeConnection {
  /** Opens the connection; rejects when Slack refuses the token (it is not retried). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What `@slack/socket-mode` hands over for each envelope (its `slack_event`). */
interface Envelope {
  ack: (payload?: object) => Promise<void>;
  type: string;
  body: unknown;
  retry_num?: number;
}

/**
 * Slack's requests over a WebSocket instead of a Request URL: each envelope goes down the same path as a verified
 * HTTP request and is acknowledged with the same answer. The WebSocket was opened with the app-level token, so it
 * is the proof of origin that the signature is over HTTP. `@slack/socket-mode` reconnects on Slack's `disconnect`
 * messages and on a dropped socket.
 */
export function createSocketModeConnection(options: SocketModeOptions): SocketModeConnection {
  const log = options.log.with({ transport: 'socket_mode' });
  const client = new ReportingReconnects(
    {
      appToken: options.appToken,
      logger: socketModeLogger(log),
      clientPingTimeout: options.reconnectDelayMs,
      // A hung apps.connections.open is retried (the client's own retry policy) instead of waited on for ever.
      clientOptions: { slackApiUrl: options.slackApiUrl, timeout: 10_000 },
    },
    (error) =>
      log.error('socket mode stopped: Slack refused to reconnect; fix SLACK_APP_TOKEN and restart', {
        reason: slackErrorCode(error),
      }),
  );
  client.on('slack_event', (envelope: Envelope) => {
    answer(envelope).catch((error: unknown) =>
      log.error('socket mode envelope failed', { type: envelope.type, error }),
    );
  });
  client.on('connected', () => log.info('socket mode connected'));
  client.on('reconnecting', () => log.info('socket mode reconnecting'));

  async function answer(envelope: Envelope): Promise<void> {
    const request = toVerifiedRequest(envelope, options.origin);
    if (request === 'ignored') {
      log.info('socket mode envelope ignored', { type: envelope.type });
      return envelope.ack();
    }
    if (request === 'too_large') {
      log.warn('socket mode envelope refused: body over the limit', {
        type: envelope.type,
        limitBytes: MAX_BODY_BYTES,
      });
      return;
    }
    const reply = await options.accept(request);
    // Where HTTP answers with an error status, nothing is acknowledged: Slack delivers an event again, and
    // tells the person their command or button failed, as it does for a non-200 answer.
    if (reply.status !== 200) {
      log.warn('socket mode envelope not acknowledged', { type: envelope.type, error: reply.error });
      return;
    }
    await envelope.ack(reply.message);
  }

  return {
    async start() {
      await client.start();
    },
    async stop() {
      await client.disconnect();
    },
  };
}

/**
 * Slack's client, except that a reconnect Slack refuses (a revoked token) is reported: the library starts each
 * reconnect with a promise nobody awaits, whose rejection would end the process with a stack trace.
 */
class ReportingReconnects extends SocketModeClient {
  private connectedOnce = false;

  constructor(
    options: ClientOptions,
    private readonly onReconnectRefused: (error: unknown) => void,
  ) {
    super(options);
  }

  override async start(): Promise<AppsConnectionsOpenResponse> {
    if (!this.connectedOnce) {
      const opened = await super.start();
      this.connectedOnce = true;
      return opened;
    }
    try {
      return await super.start();
    } catch (error) {
      this.onReconnectRefused(error);
      return { ok: false, error: slackErrorCode(error) };
    }
  }
}

/** Slack's own code (invalid_auth, not_allowed_token_type…) when it answered; never the token itself. */
export const slackErrorCode = (error: unknown): string =>
  (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;

/** The envelope's payload as the HTTP body of the same kind would carry it, so one path validates both. */
function toVerifiedRequest(
  envelope: Envelope,
  origin: string | undefined,
): VerifiedSlackRequest | 'ignored' | 'too_large' {
  const body = envelope.body;
  if (typeof body !== 'object' || body === null) return 'ignored';
  let request: VerifiedSlackRequest;
  let size: string;
  if (envelope.type === 'slash_commands') {
    const form = new URLSearchParams(
      Object.entries(body).flatMap(([key, value]) =>
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? [[key, String(value)] as [string, string]]
          : [],
      ),
    );
    request = { kind: 'command', form, origin };
    size = form.toString();
  } else if (envelope.type === 'interactive') {
    request = { kind: 'interaction', payload: JSON.stringify(body) };
    size = request.payload;
  } else if (envelope.type === 'events_api') {
    const retryNum = envelope.retry_num === undefined ? undefined : String(envelope.retry_num);
    request = { kind: 'event', rawBody: JSON.stringify(body), retryNum };
    size = request.rawBody;
  } else {
    return 'ignored';
  }
  return Buffer.byteLength(size) > MAX_BODY_BYTES ? 'too_large' : request;
}

/**
 * The library's logger: its debug lines print whole envelopes (a response_url is itself a credential), so they
 * are dropped; its info lines become debug, and warnings and errors stay as they are.
 */
function socketModeLogger(log: Log): Logger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: () => undefined,
    info: (...parts) => log.debug(`socket mode: ${text(parts)}`),
    warn: (...parts) => log.warn(`socket mode: ${text(parts)}`),
    error: (...parts) => log.error(`socket mode: ${text(parts)}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
