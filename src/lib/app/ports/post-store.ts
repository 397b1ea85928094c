/** A post the bot began: written before Slack is asked, so a later attempt knows the first may have landed. */
export interface PostIntent {
  key: string;
  channel: string;
  threadTs?: string;
  /** When the attempt that holds the intent began (epoch ms). */
  since: number;
}

/** The record of posts begun. Each write is conditional, so two attempts never both think they are first. */
export interface PostStore {
  /** Records the intent; returns the earlier one instead when a post under this key was already begun. */
  begin(intent: PostIntent): Promise<PostIntent | undefined>;
  /** Moves an earlier intent to a new attempt; ConditionFailedError when another attempt moved it first. */
  retake(earlier: PostIntent, since: number): Promise<void>;
  /** Drops an intent whose post Slack refused outright, so the next attempt posts without a look-up. */
  forget(intent: PostIntent): Promise<void>;
}
