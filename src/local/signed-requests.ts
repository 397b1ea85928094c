import { MANIFEST_COMMAND } from '../lib/core/commands/registry.js';
import { signSlackRequest } from '../lib/core/slack-signature.js';
import { LOCAL_SLACK } from './defaults.js';

/** A slash command from the local person in the local channel, form-encoded as Slack posts it. */
export function localCommandBody(text: string, responseUrl: string, triggerId: string): string {
  return new URLSearchParams({
    command: MANIFEST_COMMAND,
    text,
    team_id: LOCAL_SLACK.teamId,
    team_domain: LOCAL_SLACK.teamDomain,
    channel_id: LOCAL_SLACK.channelId,
    channel_name: LOCAL_SLACK.channelName,
    user_id: LOCAL_SLACK.userId,
    user_name: LOCAL_SLACK.userName,
    response_url: responseUrl,
    trigger_id: triggerId,
    api_app_id: LOCAL_SLACK.appId,
  }).toString();
}

/** An Events API delivery from the local workspace, with a fresh event id. */
export function localEventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'event_callback',
    team_id: LOCAL_SLACK.teamId,
    api_app_id: LOCAL_SLACK.appId,
    event,
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}

/** The local person posting a message with these links in the local channel, as Slack reports it to the app. */
export function linkSharedEvent(urls: readonly string[], messageTs: string): Record<string, unknown> {
  return {
    type: 'link_shared',
    channel: LOCAL_SLACK.channelId,
    user: LOCAL_SLACK.userId,
    message_ts: messageTs,
    unfurl_id: `${LOCAL_SLACK.userId}-${messageTs}`,
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: new URL(url).hostname, url })),
  };
}

/** An interactivity payload (`block_actions`), form-encoded as Slack posts it: one `payload` field of JSON. */
export const interactionBody = (payload: Record<string, unknown>): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A trigger id as Slack makes them: unique, and only good for a moment. */
export const newTriggerId = (): string => `${Date.now()}.${Math.floor(Math.random() * 1e9)}`;

/** Posts a body to the bot's /slack/events signed as Slack signs it; says where it tried when nothing answers there. */
export async function sendSigned(origin: string, secret: string, body: string, contentType: string): Promise<Response> {
  const url = `${origin}/slack/events`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    return await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest(secret, timestamp, body),
      },
      body,
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new Error(
      `Nothing answered at ${url} (${code}). Is the bot running? Start it with \`npm start\`; it listens on PORT (${new URL(origin).port} here), so give both the same PORT.`,
    );
  }
}
