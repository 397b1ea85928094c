import type { PausePress } from '../core/buttons.js';
import type { SlackMessage } from '../core/message.js';
import type { SyncRef } from '../core/sync.js';
import type { PauseDirection, PauseOutcome } from '../core/sync-pause.js';
import {
  alreadyDone,
  describePause,
  describeRepeatedPause,
  outcomeOfAnswer,
  pauseKey,
  wantsActive,
} from '../core/sync-pause.js';
import { pressTime } from '../core/sync-press.js';
import { PolytomicError } from './ports/polytomic.js';
import { recordChange } from './record-change.js';
import type { PressedOn, SyncActionDeps } from './sync-actions.js';
import { claimPress, renderCurrentCard } from './sync-actions.js';

/**
 * Pause or Resume, once per press. The press key (the card's drawing, or an alert's minute) is claimed
 * first: a double click, two people on one card, or a retried job share it, and only the claim's owner
 * asks Polytomic (with the key as Idempotency-Key) and audits. A card that was out of date (the sync is
 * already as asked) sends nothing and says so. `changed` tells whether this press is news for the channel.
 */
export async function pauseOrResume(
  deps: SyncActionDeps,
  direction: PauseDirection,
  press: PausePress,
  pressed: PressedOn,
): Promise<{ message: SlackMessage; changed: boolean }> {
  const sync = await deps.polytomic.getSync(press.sync);
  const key = pauseKey(direction, press, pressed);
  const { claim, created } = await claimPress(deps.auditStore, key, pressed);
  const card = (note: string) => renderCurrentCard(deps, sync, { shareable: pressed.shareable, note });
  if (claim.jobId !== pressed.job.id) {
    deps.log.info('press repeats a change another job made', { action: direction, ownerJobId: claim.jobId });
    const stillAsAsked = sync.active === wantsActive(direction);
    return {
      message: await card(describeRepeatedPause(direction, claim, pressTime(claim.at), stillAsAsked)),
      changed: false,
    };
  }
  // On its first claim, a sync already as asked means the card was out of date; the owner's retry asks again
  // with the same key, which Polytomic answers as it did the first time.
  const outcome =
    created && sync.active === wantsActive(direction) ? alreadyDone(direction) : await ask(deps, sync, direction, key);
  await deps.auditStore.settleChange(key, pressed.job.id, { outcome: outcome.kind });
  await recordChange(deps, pressed.job, {
    action: direction,
    target: { kind: sync.kind, id: sync.id, name: sync.name },
    outcome: outcome.kind,
  });
  const note = describePause(direction, outcome, `<@${pressed.userId}>`, pressTime(pressed.job.createdAt));
  return { message: await card(note), changed: outcome.kind === 'paused' || outcome.kind === 'resumed' };
}

/** Asks Polytomic to set the flag; a refusal (400) is an answer, with Polytomic's words. */
async function ask(deps: SyncActionDeps, sync: SyncRef, direction: PauseDirection, key: string): Promise<PauseOutcome> {
  try {
    return outcomeOfAnswer(direction, await deps.polytomic.setSyncActive(sync, wantsActive(direction), key));
  } catch (error) {
    if (!(error instanceof PolytomicError) || error.code !== 'polytomic_bad_request') throw error;
    return { kind: 'refused', detail: error.detail };
  }
}
