import { signSlackRequest } from '../../src/lib/core/slack-signature.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface CommandFields {
  text: string;
  userId?: string;
  channelId?: string;
  triggerId?: string;
  responseUrl: string;
  /** Where Slack says the command comes from (default the test workspace T0TEST, app A0APP). */
  teamId?: string;
  enterpriseId?: string;
  appId?: string;
}

/** A slash command body as Slack form-encodes it. */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T0TEST',
    team_domain: 'testteam',
    ...(fields.enterpriseId ? { enterprise_id: fields.enterpriseId } : {}),
    channel_id: fields.channelId ?? 'C0DATA',
    channel_name: 'data-team',
    user_id: fields.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: '/polytomic',
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Math.random()}`.slice(2),
    api_app_id: fields.appId ?? 'A0APP',
  }).toString();
}

/** The two headers Slack adds, for a body signed at `nowMs`. */
export function signedHeaders(body: string, nowMs: number, secret = SIGNING_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signSlackRequest(secret, timestamp, body),
  };
}

/** A button press (`block_actions`) as Slack form-encodes it: one `payload` field holding JSON. */
export function buttonBody(fields: {
  actionId: string;
  value?: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
  messageTs?: string;
  actionTs?: string;
  /** The workspace the press comes from, the presser's own (differs in Slack Connect), and the app. */
  teamId?: string;
  userTeamId?: string;
  appId?: string;
  /** Pressed on the bot's preview of a link in someone's message, not on a message of the bot's. */
  onLinkPreview?: boolean;
  /** False: pressed on a message in the channel (default: an ephemeral one), a reply in `threadTs` if given. */
  ephemeral?: boolean;
  threadTs?: string;
  /** A menu (static_select) whose option `value` was picked, rather than a button. */
  selected?: boolean;
}): string {
  const messageTs = fields.messageTs ?? '1700000000.000100';
  const payload = {
    type: 'block_actions',
    team: { id: fields.teamId ?? 'T0TEST', domain: 'testteam' },
    user: {
      id: fields.userId ?? 'U0ALICE',
      username: 'alice',
      team_id: fields.userTeamId ?? fields.teamId ?? 'T0TEST',
    },
    api_app_id: fields.appId ?? 'A0APP',
    container: fields.onLinkPreview
      ? {
          type: 'message_attachment',
          message_ts: messageTs,
          attachment_id: 1,
          channel_id: fields.channelId ?? 'C0DATA',
          is_ephemeral: false,
          is_app_unfurl: true,
        }
      : {
          type: 'message',
          message_ts: messageTs,
          channel_id: fields.channelId ?? 'C0DATA',
          is_ephemeral: fields.ephemeral ?? true,
        },
    // Slack sends the message pressed on, except for an ephemeral one.
    ...(fields.ephemeral === false ? { message: { type: 'message', ts: messageTs, thread_ts: fields.threadTs } } : {}),
    channel: { id: fields.channelId ?? 'C0DATA', name: 'data-team' },
    trigger_id: fields.triggerId ?? `${Math.random()}`.slice(2),
    response_url: fields.responseUrl,
    actions: [pressedElement({ ...fields, actionTs: fields.actionTs ?? '1700000001.000200' })],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API delivery (`event_callback`) as Slack posts it: JSON, signed like every request. */
export function eventBody(
  event: Record<string, unknown>,
  fields: { eventId?: string; teamId?: string; appId?: string; eventTime?: number; sharedChannel?: boolean } = {},
): string {
  return JSON.stringify({
    is_ext_shared_channel: fields.sharedChannel ?? false,
    token: 'legacy-verification-token',
    team_id: fields.teamId ?? 'T0TEST',
    api_app_id: fields.appId ?? 'A0APP',
    event,
    type: 'event_callback',
    event_id: fields.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: fields.eventTime ?? 1_700_000_000,
  });
}

/** The element pressed: a button with its value, or a menu (static_select) with the option picked. */
function pressedElement(fields: { actionId: string; value?: string; actionTs: string; selected?: boolean }) {
  const { actionId: action_id, value, actionTs: action_ts } = fields;
  return fields.selected
    ? {
        type: 'static_select',
        action_id,
        block_id: 'b1',
        selected_option: { text: { type: 'plain_text', text: 'picked' }, value },
        action_ts,
      }
    : { type: 'button', action_id, block_id: 'b1', text: { type: 'plain_text', text: 'Pressed' }, value, action_ts };
}

/** A button pressed on a Home tab: from a view, so with no channel, message or response_url. */
export function homeButtonBody(fields: {
  actionId: string;
  value: string;
  userId?: string;
  teamId?: string;
  selected?: boolean;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: fields.teamId ?? 'T0TEST', domain: 'testteam' },
    user: { id: fields.userId ?? 'U0ALICE', username: 'alice', team_id: fields.teamId ?? 'T0TEST' },
    api_app_id: 'A0APP',
    container: { type: 'view', view_id: 'V0HOME' },
    view: { id: 'V0HOME', type: 'home', team_id: fields.teamId ?? 'T0TEST' },
    trigger_id: `${Math.random()}`.slice(2),
    actions: [pressedElement({ ...fields, actionTs: '1700000000.1' })],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
