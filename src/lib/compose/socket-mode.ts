import { createAckJobRecorder } from '../adapters/aws/ack-stores.js';
import type { SocketModeConnection } from '../adapters/slack/socket-mode.js';
import { createSocketModeConnection } from '../adapters/slack/socket-mode.js';
import type { VerifiedAcceptDeps } from '../app/accept-slack-request.js';
import { acceptVerifiedSlackRequest } from '../app/accept-slack-request.js';
import type { AckComposition } from './job-queue.js';
import { boundedJobQueue } from './job-queue.js';

export interface SocketModeComposition extends AckComposition {
  /** SLACK_APP_TOKEN. */
  appToken: string;
  /** SLACK_API_URL, where `apps.connections.open` is. */
  slackApiUrl: string;
  /** The origin a command names as the bot's address (`webhook setup`), when something can reach it there. */
  origin?: string;
  reconnectDelayMs?: number;
}

/** A Socket Mode connection that records jobs exactly as the HTTP function does: one conditional write, then the ack. */
export function composeSocketMode(input: SocketModeComposition): SocketModeConnection {
  const jobQueue = boundedJobQueue(createAckJobRecorder(input.dynamodb, input.tableName), input.afterEnqueue);
  const deps: VerifiedAcceptDeps = {
    responseUrlOrigins: input.responseUrlOrigins,
    jobQueue,
    clock: input.clock,
    // Every line of the acknowledgement says which way the request came.
    log: input.log.with({ transport: 'socket_mode' }),
  };
  return createSocketModeConnection({
    appToken: input.appToken,
    slackApiUrl: input.slackApiUrl,
    accept: (request) => acceptVerifiedSlackRequest(deps, request),
    log: input.log,
    origin: input.origin,
    reconnectDelayMs: input.reconnectDelayMs,
  });
}
