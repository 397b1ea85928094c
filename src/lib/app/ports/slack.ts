import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../../core/message.js';
import type { HomeView } from '../../core/render-home.js';
import { AppError } from '../../errors.js';

/** The channels a person is in, as Slack lists them, and whether it listed them all. */
export interface ChannelList {
  channelIds: string[];
  more: boolean;
}

/**
 * A failed Slack Web API call. `error` is Slack's own code (`not_in_channel`, …) or the transport failure;
 * `answered` says Slack itself refused (so the call changed nothing), as against a call whose fate is unknown.
 */
export class SlackError extends AppError {
  readonly answered: boolean;

  constructor(
    readonly error: string,
    readonly transient: boolean,
    options?: { cause?: unknown; answered?: boolean },
  ) {
    super(transient ? 'slack_unavailable' : 'slack_refused', `Slack: ${error}`, options);
    this.answered = options?.answered ?? false;
  }
}

export type PostInput = SlackMessage & { channel: string; threadTs?: string; broadcast?: boolean };

/** Where a post landed; `threaded` is false when a reply meant for a thread landed at top level (its parent was deleted). */
export interface Posted {
  ts: string;
  threaded: boolean;
}

/** The Slack Web API calls the bot makes outside Bolt's listeners. */
export interface SlackApi {
  /** Posts once, with no transport retry; `postKey` goes in the message's metadata, for `findPost`. */
  postMessage(input: PostInput & { postKey?: string }): Promise<Posted>;
  /**
   * The message posted with `postKey` since `since` (epoch ms), in the channel or in the thread of
   * `threadTs`: how a post whose answer was lost is found again (scopes `*:history`, `im:write`).
   */
  findPost(input: { channel: string; threadTs?: string; postKey: string; since: number }): Promise<Posted | undefined>;
  updateMessage(input: SlackMessage & { channel: string; ts: string }): Promise<void>;
  deleteMessage(channel: string, ts: string): Promise<void>;
  /**
   * Attaches previews to the links of a message (`chat.unfurl`, scope `links:write`), by the event's
   * `unfurlId` and `source`; calling it again for the same link replaces its preview, never adds one.
   */
  unfurl(input: { unfurlId: string; source: string; unfurls: Record<string, { blocks: KnownBlock[] }> }): Promise<void>;
  /** Shows a person their Home tab (`views.publish`, no scope beyond the bot's). */
  publishHome(userId: string, view: HomeView): Promise<void>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** The channel of the app's direct messages with a person, its Messages tab (`conversations.open`, scope `im:write`). */
  directChannel(userId: string): Promise<string>;
  /**
   * The channels a person is in, public and private, archived left out (`users.conversations`, scopes
   * `channels:read` and `groups:read`; a private channel only when the bot is in it too): the first `limit`
   * Slack lists, and whether there are more.
   */
  channelsOf(userId: string, limit: number): Promise<ChannelList>;
  /** A person's Slack time zone, e.g. `Europe/Paris` (scope `users:read`). */
  userTimeZone(userId: string): Promise<string | undefined>;
  /** The members of a user group (scope `usergroups:read`). */
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /** Where the bot token is installed (`auth.test`, no scope needed). */
  installation(): Promise<{ teamId: string; enterpriseId?: string; enterpriseInstall: boolean }>;
}
