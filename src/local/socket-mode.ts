import type { SocketModeConnection } from '../lib/adapters/slack/socket-mode.js';
import { slackErrorCode } from '../lib/adapters/slack/socket-mode.js';
import type { SocketModeComposition } from '../lib/compose/socket-mode.js';
import { composeSocketMode } from '../lib/compose/socket-mode.js';
import { ConfigError } from '../lib/config.js';

/**
 * `npm start` with SLACK_APP_TOKEN: a real workspace's commands, buttons and events over Socket Mode, so no
 * Request URL (no deploy, no tunnel) is needed. A token Slack refuses stops start-up with one line saying what to fix.
 */
export async function startSocketMode(input: SocketModeComposition): Promise<SocketModeConnection> {
  const connection = composeSocketMode(input);
  try {
    await connection.start();
  } catch (error) {
    const reason = slackErrorCode(error);
    throw new ConfigError([
      `SLACK_APP_TOKEN: Slack refused the Socket Mode connection (${reason}); use an app-level token (xapp-…) with connections:write, of the app whose manifest came from npm run manifest -- --socket`,
    ]);
  }
  return connection;
}
