import type { Clock } from '../clock.js';
import type { Timing } from '../core/timing.js';
import type { Log } from '../log.js';
import type { PostIntent, PostStore } from './ports/post-store.js';
import type { Posted, PostInput, SlackApi } from './ports/slack.js';
import { SlackError } from './ports/slack.js';

export interface PostOnceDeps {
  slack: SlackApi;
  postStore: PostStore;
  clock: Clock;
  log: Log;
  sleep: (ms: number) => Promise<void>;
  timing: Pick<Timing, 'postInFlightMs'>;
}

/**
 * Posts a message at most once under `key`, whatever dies when. `chat.postMessage` takes no idempotency
 * key, so the post carries the key in its metadata, and an attempt that finds an earlier intent (the
 * process died, or Slack's answer was lost, after Slack may have accepted) looks for that key in the
 * channel or thread before posting again. The look-up runs only on that recovery path.
 */
export async function postOnce(deps: PostOnceDeps, key: string, input: PostInput): Promise<Posted> {
  const intent: PostIntent = { key, channel: input.channel, threadTs: input.threadTs, since: deps.clock.now() };
  const earlier = await deps.postStore.begin(intent);
  if (earlier) {
    // A post begun moments ago may still be on its way into Slack: wait until it cannot land any more.
    const inFlightFor = earlier.since + deps.timing.postInFlightMs - deps.clock.now();
    if (inFlightFor > 0) await deps.sleep(inFlightFor);
    const found = await lookUp(deps, key, input, earlier.since);
    if (found) {
      deps.log.info('earlier post found; not posted again', { postKey: key, ts: found.ts });
      return found;
    }
    await deps.postStore.retake(earlier, intent.since);
  }
  try {
    return await deps.slack.postMessage({ ...input, postKey: key });
  } catch (error) {
    if (error instanceof SlackError && error.answered)
      await deps.postStore
        .forget(intent)
        .catch((forgetError: unknown) => deps.log.warn('post intent not cleared', { error: forgetError }));
    throw error;
  }
}

/**
 * The earlier post, if Slack lets the bot read the conversation. It may not: a public channel the bot
 * posts in without being a member (`chat:write.public`) answers `not_in_channel`, and an install that
 * predates the history scopes `missing_scope`. Then the bot cannot know, and posts as it did before the
 * ledger existed, saying so at WARN: refusing to post would lose the message for good.
 */
async function lookUp(deps: PostOnceDeps, key: string, input: PostInput, since: number): Promise<Posted | undefined> {
  try {
    return await deps.slack.findPost({ channel: input.channel, threadTs: input.threadTs, postKey: key, since });
  } catch (error) {
    if (!(error instanceof SlackError) || error.transient) throw error;
    deps.log.warn('earlier post could not be looked for; posting', { postKey: key, slackError: error.error });
    return undefined;
  }
}
