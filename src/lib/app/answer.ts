import { renderInternalFailure, renderPolytomicFailure, renderRetrying, renderStillWaiting } from '../core/failure.js';
import { isLastAttempt, retryDelayMs } from '../core/job.js';
import type { SlackMessage } from '../core/message.js';
import type { Timing } from '../core/timing.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import { PolytomicError } from './ports/polytomic.js';
import { RetryLaterError } from './run-job.js';

export type Respond = (
  message: SlackMessage & { response_type: 'ephemeral' | 'in_channel'; replace_original?: boolean },
) => Promise<unknown>;

/** Whether a failure ends the job: its last attempt, or an error from Polytomic that no retry cures. */
export const endsTheJob = (job: Job, error: unknown): boolean =>
  isLastAttempt(job) || (error instanceof PolytomicError && !error.transient);

/**
 * Produces an answer and sends it to the person who asked. A transient Polytomic failure with attempts
 * left is retried, and the person hears at once what happened and when the bot tries again; a Polytomic
 * that stays silent is reported after `stillWaitingNoticeMs`. Anything else becomes a message the person
 * can act on.
 */
export async function answer(input: {
  job: Job;
  log: Log;
  respond: Respond;
  timing: Pick<Timing, 'jobRetryDelaysMs' | 'stillWaitingNoticeMs'>;
  /** Completes "I couldn't …" in failure messages. */
  doing: string;
  /** Commands replace their "working on it" acknowledgement; some buttons replace their card, others add a message. */
  replaceOriginal: boolean;
  /** The answer; `inChannel` shows it to everyone (a shared card, a digest set up), failures always stay ephemeral. */
  produce: () => Promise<SlackMessage & { inChannel?: boolean }>;
}): Promise<string> {
  const { job, log } = input;
  const notices = createNotices(input);
  const started = Date.now();
  const stillWaiting = setTimeout(
    () => notices.interim(renderStillWaiting(input.doing, Date.now() - started)),
    input.timing.stillWaitingNoticeMs,
  );
  let message: SlackMessage & { inChannel?: boolean };
  let outcome = 'answered';
  try {
    message = await input.produce();
  } catch (error) {
    if (!endsTheJob(job, error)) {
      // The attempt ends only once any notice on its way has landed, so none can land over the next attempt's answer.
      await (error instanceof PolytomicError
        ? notices.interim(renderRetrying(error, input.doing, retryDelayMs(job.attempts, input.timing)))
        : notices.settled());
      throw new RetryLaterError(error instanceof PolytomicError ? error.code : 'unexpected_error', { cause: error });
    }
    outcome = error instanceof PolytomicError ? error.code : 'internal_error';
    log[error instanceof PolytomicError ? 'warn' : 'error']('answering with a failure', { outcome, error });
    message =
      error instanceof PolytomicError ? renderPolytomicFailure(error, input.doing) : renderInternalFailure(input.doing);
  } finally {
    clearTimeout(stillWaiting);
  }
  const { inChannel, ...body } = message;
  await notices.final({
    ...body,
    response_type: inChannel ? 'in_channel' : 'ephemeral',
    replace_original: input.replaceOriginal,
  });
  return outcome;
}

/**
 * The word-in-the-meantime and the answer, in order: an interim notice still on its way is awaited before
 * the answer goes, so it can never land after (and over) the answer. A command's notice replaces its ⏳;
 * a button's is a message of its own, sent once (on the first attempt), so the card is never replaced by it.
 */
function createNotices(input: { job: Job; log: Log; respond: Respond }) {
  let pending: Promise<unknown> = Promise.resolve();
  let answered = false;
  let noticed = false;
  const isCommand = input.job.kind === 'slack_command';
  return {
    interim(message: SlackMessage): Promise<unknown> {
      if (answered || (!isCommand && (noticed || input.job.attempts > 1))) return pending;
      noticed = true;
      pending = pending
        .then(() =>
          answered ? undefined : input.respond({ ...message, response_type: 'ephemeral', replace_original: isCommand }),
        )
        .catch((error: unknown) => input.log.warn('interim notice not sent', { error }));
      return pending;
    },
    /** Resolves once every notice sent so far has landed (or failed). */
    settled: (): Promise<unknown> => pending,
    async final(message: Parameters<Respond>[0]): Promise<void> {
      answered = true;
      await pending;
      await input.respond(message);
    },
  };
}
