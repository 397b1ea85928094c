import type { ChatPostMessageArguments } from '@slack/web-api';
import type { SlackApi } from '../../app/ports/slack.js';
import { SlackError } from '../../app/ports/slack.js';
import type { BoltOptions } from './bolt.js';
import { createWebClient } from './bolt.js';

/** The message metadata type under which each post carries the bot's own key for it. */
export const POST_KEY_EVENT_TYPE = 'polytomic_slack_post';

export function createSlackApi(options: BoltOptions): SlackApi {
  const client = createWebClient(options);
  // A transport retry of chat.postMessage could post twice; a post that may have landed is looked up instead.
  const poster = createWebClient({ ...options, retries: 0 });
  const directChannel = async (userId: string) => {
    const id = (await call(() => client.conversations.open({ users: userId }))).channel?.id;
    if (!id) throw new SlackError('channel_not_found', false, { answered: true });
    return id;
  };
  return {
    async postMessage({ channel, threadTs, broadcast, text, blocks, postKey }) {
      const args = {
        channel,
        text,
        blocks,
        unfurl_links: false,
        ...(threadTs ? { thread_ts: threadTs, reply_broadcast: broadcast ?? false } : {}),
        ...(postKey ? { metadata: { event_type: POST_KEY_EVENT_TYPE, event_payload: { key: postKey } } } : {}),
      };
      const result = await call(() => poster.chat.postMessage(args as ChatPostMessageArguments));
      return { ts: result.ts ?? '', threaded: !threadTs || result.message?.thread_ts === threadTs };
    },
    async findPost({ channel, threadTs, postKey, since }) {
      // A direct message to a user id lives in the DM channel, which history needs by its own id.
      const conversation = /^[UW]/.test(channel) ? await directChannel(channel) : channel;
      const oldest = ((since - LOOKUP_CLOCK_MARGIN_MS) / 1000).toFixed(6);
      const carries = (message: { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }) =>
        message.metadata?.event_type === POST_KEY_EVENT_TYPE && message.metadata.event_payload?.key === postKey;
      if (threadTs) {
        try {
          const found = await scan(
            (cursor) =>
              client.conversations.replies({
                channel: conversation,
                ts: threadTs,
                oldest,
                cursor,
                include_all_metadata: true,
                limit: 200,
              }),
            carries,
          );
          return found ? { ts: found, threaded: true } : undefined;
        } catch (error) {
          // The parent is gone: the earlier attempt's reply, if any, landed at top level.
          if (!(error instanceof SlackError && error.error === 'thread_not_found')) throw error;
        }
      }
      const found = await scan(
        (cursor) =>
          client.conversations.history({
            channel: conversation,
            oldest,
            cursor,
            include_all_metadata: true,
            limit: 200,
          }),
        carries,
      );
      return found ? { ts: found, threaded: !threadTs } : undefined;
    },
    async updateMessage({ channel, ts, text, blocks }) {
      // Blocks omitted would keep the old ones, so always send them (an empty list clears).
      await call(() => client.chat.update({ channel, ts, text, blocks: blocks ?? [] }));
    },
    async deleteMessage(channel, ts) {
      await call(() => client.chat.delete({ channel, ts }));
    },
    async unfurl({ unfurlId, source, unfurls }) {
      await call(() =>
        client.chat.unfurl({ unfurl_id: unfurlId, source: source as 'composer' | 'conversations_history', unfurls }),
      );
    },
    async publishHome(userId, view) {
      await call(() => client.views.publish({ user_id: userId, view }));
    },
    async userTimeZone(userId) {
      return (await call(() => client.users.info({ user: userId }))).user?.tz;
    },
    async usergroupMembers(usergroupId) {
      return (await call(() => client.usergroups.users.list({ usergroup: usergroupId }))).users ?? [];
    },
    async installation() {
      const result = await call(() => client.auth.test());
      if (!result.team_id) throw new SlackError('no_team_id', false, { answered: true });
      return {
        teamId: result.team_id,
        enterpriseId: result.enterprise_id || undefined,
        enterpriseInstall: result.is_enterprise_install === true,
      };
    },
    async channelsOf(userId, limit) {
      const channelIds: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(() =>
          client.users.conversations({
            user: userId,
            types: 'public_channel,private_channel',
            exclude_archived: true,
            limit: Math.min(limit - channelIds.length, 200),
            cursor,
          }),
        );
        // Ids go into `<#…>` tokens: only what a Slack id looks like is kept.
        channelIds.push(...(page.channels ?? []).flatMap((c) => (c.id && SLACK_ID.test(c.id) ? [c.id] : [])));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor && channelIds.length < limit);
      return { channelIds: channelIds.slice(0, limit), more: cursor !== undefined };
    },
    directChannel,
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

const SLACK_ID = /^[A-Z0-9]{2,40}$/;

// Slack's clock and ours may differ a little; a look-up starts this long before the post began.
const LOOKUP_CLOCK_MARGIN_MS = 60_000;
// A post is looked up only in what was posted since its first attempt: a few pages at most.
const LOOKUP_MAX_PAGES = 10;

type Listing = {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
  response_metadata?: { next_cursor?: string };
};

/** The ts of the first listed message that `matches`, following cursors. */
async function scan(
  list: (cursor: string | undefined) => Promise<Listing>,
  matches: (message: NonNullable<Listing['messages']>[number]) => boolean,
): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let pages = 0; pages < LOOKUP_MAX_PAGES; pages++) {
    const listing = await call(() => list(cursor));
    const found = listing.messages?.find(matches);
    if (found?.ts) return found.ts;
    cursor = listing.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

// Answers with ok:false that say nothing about the channel or the message: Slack's own trouble, or a token
// being rotated. Retried like a 5xx, so a digest is not paused nor an alert dropped for them.
const PASSING_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

// Slack's own trouble: whether the call took effect before it failed is not known.
const UNCERTAIN_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const { code, data } = error as { code?: string; data?: { error?: string } };
    if (code === 'slack_webapi_platform_error') {
      const platformError = data?.error ?? 'unknown_error';
      throw new SlackError(platformError, PASSING_ERRORS.has(platformError), {
        cause: error,
        answered: !UNCERTAIN_ERRORS.has(platformError),
      });
    }
    if (code === 'slack_webapi_rate_limited_error')
      throw new SlackError('ratelimited', true, { cause: error, answered: true });
    throw new SlackError(code ?? 'request_failed', true, { cause: error });
  }
}
