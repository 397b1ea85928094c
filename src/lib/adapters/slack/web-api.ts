import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../core/message.js';
import { AppError } from '../../errors.js';

/** A failed Slack Web API call. `error` is Slack's own code (`not_in_channel`, …) or the transport failure. */
export class SlackError extends AppError {
  constructor(
    readonly error: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(transient ? 'slack_unavailable' : 'slack_refused', `Slack: ${error}`, options);
  }
}

/** The Slack Web API calls the bot makes outside Bolt's listeners. */
export interface SlackApi {
  /** `threaded` is false when a reply meant for a thread landed at top level (its parent was deleted). */
  postMessage(input: SlackMessage & { channel: string; threadTs?: string; broadcast?: boolean }): Promise<{ ts: string; threaded: boolean }>;
  updateMessage(input: SlackMessage & { channel: string; ts: string }): Promise<void>;
  deleteMessage(channel: string, ts: string): Promise<void>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** A person's Slack time zone, e.g. `Europe/Paris` (scope `users:read`). */
  userTimeZone(userId: string): Promise<string | undefined>;
  /** The members of a user group (scope `usergroups:read`). */
  usergroupMembers(usergroupId: string): Promise<string[]>;
}

export function createSlackApi(client: WebClient): SlackApi {
  return {
    async postMessage({ channel, threadTs, broadcast, text, blocks }) {
      const args = { channel, text, blocks, unfurl_links: false, ...(threadTs ? { thread_ts: threadTs, reply_broadcast: broadcast ?? false } : {}) };
      const result = await call(() => client.chat.postMessage(args as ChatPostMessageArguments));
      return { ts: result.ts ?? '', threaded: !threadTs || result.message?.thread_ts === threadTs };
    },
    async updateMessage({ channel, ts, text, blocks }) {
      // Blocks omitted would keep the old ones, so always send them (an empty list clears).
      await call(() => client.chat.update({ channel, ts, text, blocks: blocks ?? [] }));
    },
    async deleteMessage(channel, ts) {
      await call(() => client.chat.delete({ channel, ts }));
    },
    async userTimeZone(userId) {
      return (await call(() => client.users.info({ user: userId }))).user?.tz;
    },
    async usergroupMembers(usergroupId) {
      return (await call(() => client.usergroups.users.list({ usergroup: usergroupId }))).users ?? [];
    },
    async permalink(channel, ts) {
      try {
        return (await call(() => client.chat.getPermalink({ channel, message_ts: ts }))).permalink;
      } catch {
        // A link is a convenience; the thread still gets the reply without it.
        return undefined;
      }
    },
  };
}

// Answers with ok:false that say nothing about the channel or the message: Slack's own trouble, or a token
// being rotated. Retried like a 5xx, so a digest is not paused nor an alert dropped for them.
const PASSING_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const { code, data } = error as { code?: string; data?: { error?: string } };
    if (code === 'slack_webapi_platform_error') {
      const platformError = data?.error ?? 'unknown_error';
      throw new SlackError(platformError, PASSING_ERRORS.has(platformError), { cause: error });
    }
    if (code === 'slack_webapi_rate_limited_error') throw new SlackError('ratelimited', true, { cause: error });
    throw new SlackError(code ?? 'request_failed', true, { cause: error });
  }
}
