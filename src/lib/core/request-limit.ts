import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';

/** Requests are counted per person in fixed minutes: one counter per minute, no history to read. */
export const REQUEST_WINDOW_MS = 60_000;

/** The minute a request falls in. */
export function requestWindow(now: number): { start: number; end: number } {
  const start = now - (now % REQUEST_WINDOW_MS);
  return { start, end: start + REQUEST_WINDOW_MS };
}

/** The kind answer to one request too many: what happened, and when to ask again. */
export function renderSlowDown(limit: number, now: number): SlackMessage {
  const seconds = Math.max(1, Math.ceil((requestWindow(now).end - now) / 1000));
  return textMessage(
    `:hourglass: That's more than ${limit} requests from you within a minute, so I've set this one aside to keep within Polytomic's limits for everyone. Nothing was done; please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  );
}
