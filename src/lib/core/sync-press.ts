import { createHash } from 'node:crypto';
import type { ChangeClaim } from './audit.js';
import type { ShownRuns, SyncPress } from './buttons.js';
import { NO_RUN } from './buttons.js';
import { escapeText, slackDate, truncate } from './mrkdwn.js';
import type { RunSummary, SyncStatus } from './sync.js';
import { isPolytomicId } from './sync.js';
import { runInProgress, runState } from './sync-state.js';

const runId = (run: RunSummary | undefined) => (run && isPolytomicId(run.id) ? run.id.toLowerCase() : undefined);

/** The runs a card rendered from this status shows (the same test as its "Running now" section). */
export function shownRuns(status: SyncStatus): ShownRuns {
  return { running: runId(runInProgress(status)), last: runId(status.last) };
}

/**
 * The Idempotency-Key of a press, also the key of its change claim: sync + card message + the runs the
 * card showed. A double click, two people on one card, or a retried job share it; a press on a card
 * re-rendered since gets a new one. A value without shown runs keeps the older key (the minute of the
 * press), so a job retried across the deploy still replays its own request. Polytomic allows [A-Za-z0-9_-].
 */
export function pressKey(
  action: 'start' | 'cancel',
  press: SyncPress,
  on: { messageTs: string; actionTs: string },
): string {
  const card = press.shown
    ? `${press.shown.running ?? NO_RUN}|${press.shown.last ?? NO_RUN}`
    : String(Math.floor(Number(on.actionTs) / 60));
  const digest = createHash('sha256')
    .update(`${press.sync.kind}:${press.sync.id}|${on.messageTs}|${card}`)
    .digest('base64url');
  return `${action}-${digest.slice(0, 32)}`;
}

const ENDED = new Set(['completed', 'warning', 'failed', 'canceled']);

/** True once a run has finished, whichever way; an unknown status is not taken as finished. */
export function hasEnded(run: RunSummary): boolean {
  return ENDED.has(runState(run).kind);
}

/** What a Start or Cancel press came to; `matched` is a Start whose key Polytomic had answered before, with a run now over. */
export type PressOutcome =
  | { kind: 'started'; executionId?: string }
  | { kind: 'already_running' }
  | { kind: 'refused'; detail?: string }
  | { kind: 'matched_ended'; executionId: string }
  | { kind: 'cancel_requested' }
  | { kind: 'nothing_running' };

/** When a press was made, as the card's note shows it: a time in each reader's zone. */
export const pressTime = (ms: number): string =>
  slackDate(new Date(ms).toISOString(), '{time}') ?? new Date(ms).toISOString();

/** What a shared card says under it. */
export const sharedBy = (userId: string) => `Shared by <@${userId}>`;

/** The line under the card saying what this press did, in the presser's terms. */
export function describePress(outcome: PressOutcome, who: string, when: string): string {
  switch (outcome.kind) {
    case 'started':
      return `:arrow_forward: ${who} started a run at ${when}.`;
    case 'already_running':
      return `:arrows_counterclockwise: A run was already in progress when ${who} pressed Start at ${when}; no new run was started.`;
    case 'refused':
      return `:warning: Polytomic would not start a run for ${who}${outcome.detail ? `: ${escapeText(truncate(outcome.detail, 300))}` : '.'}`;
    case 'matched_ended':
      return `:information_source: ${who}'s press at ${when} matched one already made, so no new run was started; the run that one started has since ended. Press Start again on this updated card to start a new run.`;
    case 'cancel_requested':
      return `:black_square_for_stop: ${who} asked Polytomic to cancel the run at ${when}; it stops shortly.`;
    case 'nothing_running':
      return `:information_source: There was no run in progress to cancel when ${who} pressed Cancel at ${when}.`;
  }
}

/** The line for a press that repeats one another job already made on the same card (a double click, a second person). */
export function describeRepeatedPress(
  action: 'start' | 'cancel',
  claim: Pick<ChangeClaim, 'userId' | 'outcome'>,
  when: string,
): string {
  const owner = `<@${claim.userId}>`;
  const did =
    action === 'start'
      ? claim.outcome === 'started'
        ? 'started that run'
        : 'pressed Start on this card'
      : claim.outcome === 'cancel_requested'
        ? 'asked Polytomic to cancel that run'
        : 'pressed Cancel run on this card';
  return `:information_source: ${owner} already ${did} at ${when}; this press changed nothing.`;
}
