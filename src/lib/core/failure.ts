import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { escapeText, truncate } from './mrkdwn.js';

/** Turns a failed Polytomic call (by its stable error code) into words a person can act on. */
export function renderPolytomicFailure(failure: { code: string; detail?: string }, doing: string): SlackMessage {
  return textMessage(`:warning: I couldn't ${doing}. ${explainPolytomicFailure(failure)}`);
}

/** What a failed Polytomic call means, in a sentence or two. */
export function explainPolytomicFailure(failure: { code: string; detail?: string }): string {
  const detail = failure.detail ? ` Polytomic said: “${escapeText(truncate(failure.detail, 300))}”` : '';
  const explain: Record<string, string> = {
    polytomic_unauthorized:
      'Polytomic rejected the API key this bot uses. Ask whoever deployed the bot to check its Polytomic API key.',
    polytomic_forbidden: `The bot's Polytomic API key is not allowed to do this.${detail}`,
    polytomic_not_found: `Polytomic could not find it any more; it may have been deleted.${detail}`,
    polytomic_conflict: `Polytomic refused because something is already in progress.${detail}`,
    polytomic_bad_request: `Polytomic refused the request.${detail}`,
    polytomic_rate_limited: 'Polytomic is limiting how fast the bot may ask. Please try again in a minute.',
    polytomic_unavailable:
      'Polytomic is having trouble right now and answered with an error. Please try again in a few minutes.',
    polytomic_timeout: 'Polytomic did not answer in time. Please try again in a few minutes.',
    polytomic_unreachable: 'The bot could not reach Polytomic. Please try again in a few minutes.',
    polytomic_bad_response:
      'Polytomic sent an answer the bot could not read. This has been logged for the team that runs the bot.',
  };
  return explain[failure.code] ?? 'Something unexpected went wrong; it has been logged.';
}

/** For failures that are not Polytomic's: the bot itself broke. */
export function renderInternalFailure(doing: string): SlackMessage {
  return textMessage(
    `:warning: I couldn't ${doing} because of a problem in the bot. It has been logged; please try again shortly.`,
  );
}

// What a passing Polytomic failure was, said while the bot is still trying.
const TROUBLE: Record<string, string> = {
  polytomic_unavailable: 'Polytomic answered with an error',
  polytomic_timeout: 'Polytomic did not answer in time',
  polytomic_rate_limited: 'Polytomic asked the bot to slow down',
  polytomic_unreachable: 'the bot could not reach Polytomic',
};

/** While a job waits for its next attempt: what went wrong, and when the bot tries again. */
export function renderRetrying(failure: { code: string }, doing: string, retryInMs: number): SlackMessage {
  const trouble = TROUBLE[failure.code] ?? 'Polytomic is having trouble';
  return textMessage(
    `:hourglass_flowing_sand: I couldn't ${doing} yet: ${trouble}. I'll try again in ${Math.max(1, Math.round(retryInMs / 1000))} s and answer here.`,
  );
}

/** When Polytomic has not answered for a while: said before the answer, so nobody stares at a silent ⏳. */
export function renderStillWaiting(doing: string, waitedMs: number): SlackMessage {
  return textMessage(
    `:hourglass_flowing_sand: Still trying to ${doing}: Polytomic has not answered in ${Math.max(1, Math.round(waitedMs / 1000))} s. I'll answer here as soon as it does.`,
  );
}
