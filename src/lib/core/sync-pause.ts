import { createHash } from 'node:crypto';
import type { ChangeClaim } from './audit.js';
import type { PausePress } from './buttons.js';
import { escapeText, truncate } from './mrkdwn.js';

/** Which way a press turns a sync: pause stops its scheduled runs (Polytomic's `active: false`), resume restarts them. */
export type PauseDirection = 'pause' | 'resume';

/** The `active` flag a press asks Polytomic for. */
export const wantsActive = (direction: PauseDirection): boolean => direction === 'resume';

/**
 * The Idempotency-Key of a Pause or Resume press, also the key of its change claim: sync + message + the
 * moment the card was drawn. A double click, two people on one card, or a retried job share it; the card
 * each press redraws carries a new moment, so Pause, Resume, Pause on one card are three changes. An
 * alert's button has no drawing time (the alert is never redrawn): the minute of the press stands in.
 */
export function pauseKey(
  direction: PauseDirection,
  press: PausePress,
  on: { messageTs: string; actionTs: string },
): string {
  const drawing =
    press.drawnAt !== undefined ? `card ${press.drawnAt}` : `minute ${Math.floor(Number(on.actionTs) / 60)}`;
  const digest = createHash('sha256')
    .update(`${press.sync.kind}:${press.sync.id}|${on.messageTs}|${drawing}`)
    .digest('base64url');
  return `${direction}-${digest.slice(0, 32)}`;
}

/**
 * What a Pause or Resume press came to. `already` is an out-of-date card (the sync was already as asked:
 * nothing sent); `unconfirmed` is Polytomic answering without the flag asked for.
 */
export type PauseOutcome =
  | { kind: 'paused' }
  | { kind: 'resumed' }
  | { kind: 'already_paused' }
  | { kind: 'already_active' }
  | { kind: 'unconfirmed' }
  | { kind: 'refused'; detail?: string };

/** The outcome once Polytomic has answered with the sync's `active` flag (absent when it did not say). */
export function outcomeOfAnswer(direction: PauseDirection, active: boolean | undefined): PauseOutcome {
  if (active !== wantsActive(direction)) return { kind: 'unconfirmed' };
  return { kind: direction === 'pause' ? 'paused' : 'resumed' };
}

/** The outcome when the sync was already as the press asks: the card was out of date. */
export const alreadyDone = (direction: PauseDirection): PauseOutcome => ({
  kind: direction === 'pause' ? 'already_paused' : 'already_active',
});

/** The line under the card saying what this press did (the card itself says whether a run in progress goes on). */
export function describePause(direction: PauseDirection, outcome: PauseOutcome, who: string, when: string): string {
  switch (outcome.kind) {
    case 'paused':
      return `:double_vertical_bar: ${who} paused this sync at ${when}: no scheduled runs until someone resumes it.`;
    case 'resumed':
      return `:arrow_forward: ${who} resumed this sync at ${when}: its scheduled runs start again.`;
    case 'already_paused':
      return `:information_source: This sync was already paused when ${who} pressed Pause at ${when}, so nothing was changed.`;
    case 'already_active':
      return `:information_source: This sync was already active when ${who} pressed Resume at ${when}, so nothing was changed.`;
    case 'unconfirmed':
      return `:warning: ${who} asked Polytomic to ${direction} this sync at ${when}, but Polytomic did not confirm it; the card shows what Polytomic says now.`;
    case 'refused':
      return `:warning: Polytomic would not ${direction} this sync for ${who}${outcome.detail ? `: ${escapeText(truncate(outcome.detail, 300))}` : '.'}`;
  }
}

/**
 * The line for a press that repeats one another job made on the same card (a double click, a second person).
 * When the sync has been turned back since, this press still changed nothing, and the redrawn card takes a new press.
 */
export function describeRepeatedPause(
  direction: PauseDirection,
  claim: Pick<ChangeClaim, 'userId' | 'outcome'>,
  when: string,
  stillAsAsked: boolean,
): string {
  const owner = `<@${claim.userId}>`;
  const done = direction === 'pause' ? 'paused' : 'resumed';
  const button = direction === 'pause' ? 'Pause' : 'Resume';
  const changedIt = claim.outcome === done;
  const did = changedIt ? `already ${done} this sync` : `already pressed ${button} here`;
  const again = `press ${button} again on this updated card.`;
  const next = stillAsAsked
    ? ''
    : changedIt
      ? ` It has been ${direction === 'pause' ? 'resumed' : 'paused'} since: ${again}`
      : ` To ${direction} it now, ${again}`;
  return `:information_source: ${owner} ${did} at ${when}; this press changed nothing.${next}`;
}
