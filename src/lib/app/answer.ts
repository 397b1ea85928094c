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
  /** The answer; `inChannel` shows it to everyone (a shared card, a digest set up), failures always stay ephemeral. */
  produce: () => Promise<SlackMessage & { inChannel?: boolean }>;
}): Promise<string> {
  const { job, log } = input;
  let message: SlackMessage & { inChannel?: boolean };
  let outcome = 'answered';
  try {
    message = await input.produce();
  } catch (error) {
    if (!isLastAttempt(job) && (!(error instanceof PolytomicError) || error.transient)) {
      throw new RetryLaterError(error instanceof PolytomicError ? error.code : 'unexpected_error', { cause: error });
    }
    outcome = error instanceof PolytomicError ? error.code : 'internal_error';
    log[error instanceof PolytomicError ? 'warn' : 'error']('answering with a failure', { outcome, error });
    message = error instanceof PolytomicError ? renderPolytomicFailure(error, input.doing) : renderInternalFailure(input.doing);
  }
  const { inChannel, ...body } = message;
  await input.respond({ ...body, response_type: inChannel ? 'in_channel' : 'ephemeral', replace_original: input.replaceOriginal });
  return outcome;
}
