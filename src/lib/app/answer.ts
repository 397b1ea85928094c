import { PolytomicError } from '../adapters/polytomic/errors.js';
import { isLastAttempt } from '../core/job.js';
import type { Job } from '../core/job.js';
import { renderInternalFailure, renderPolytomicFailure } from '../core/failure.js';
import type { SlackMessage } from '../core/message.js';
import type { Log } from '../log.js';
import { RetryLaterError } from './run-job.js';

export type Respond = (message: SlackMessage & { response_type: 'ephemeral' | 'in_channel'; replace_original?: boolean }) => Promise<unknown>;

/**
 * Produces an answer and sends it to the person who asked. A transient Polytomic failure with
 * attempts left is retried quietly; anything else becomes a message the person can act on.
 */
export async function answer(input: {
  job: Job;
  log: Log;
  respond: Respond;
  /** Completes "I couldn't …" in failure messages. */
  doing: string;
  /** Commands replace their "working on it" acknowledgement; some buttons replace their card, others add a message. */
  replaceOriginal: boolean;
  /** `in_channel` to show the answer to everyone (Share in channel); failures always stay ephemeral. */
  responseType?: 'ephemeral' | 'in_channel';
  produce: () => Promise<SlackMessage>;
}): Promise<string> {
  const { job, log } = input;
  let message: SlackMessage;
  let outcome = 'answered';
  let responseType = input.responseType ?? 'ephemeral';
  try {
    message = await input.produce();
  } catch (error) {
    responseType = 'ephemeral';
    if (!isLastAttempt(job) && (!(error instanceof PolytomicError) || error.transient)) {
      throw new RetryLaterError(error instanceof PolytomicError ? error.code : 'unexpected_error', { cause: error });
    }
    outcome = error instanceof PolytomicError ? error.code : 'internal_error';
    log[error instanceof PolytomicError ? 'warn' : 'error']('answering with a failure', { outcome, error });
    message = error instanceof PolytomicError ? renderPolytomicFailure(error, input.doing) : renderInternalFailure(input.doing);
  }
  await input.respond({ ...message, response_type: responseType, replace_original: input.replaceOriginal });
  return outcome;
}
