import { PAUSE_ACTIONS, pausePressValue, syncValue } from './buttons.js';
import { actionButton, confirmDialog } from './message.js';
import { escapeWithin } from './mrkdwn.js';
import type { SyncRef } from './sync.js';

type Target = Pick<SyncRef, 'id' | 'kind' | 'name'>;

const pauseConfirm = (sync: Target) =>
  confirmDialog(
    'Pause the sync?',
    `Pause *${escapeWithin(sync.name, 200)}*? Its scheduled runs stop until someone resumes it; a run in progress goes on.`,
    'Pause',
  );

/** A card's Pause (an active sync) or Resume (a paused one), behind a confirm; the card's drawing time makes each drawing its own press. */
export function pauseOrResumeButton(sync: Pick<SyncRef, 'id' | 'kind' | 'name' | 'active'>, drawnAt: number) {
  const value = pausePressValue(sync, drawnAt);
  if (sync.active) return { ...actionButton('Pause', PAUSE_ACTIONS.pause, value), confirm: pauseConfirm(sync) };
  return {
    ...actionButton('Resume', PAUSE_ACTIONS.resume, value),
    style: 'primary' as const,
    confirm: confirmDialog(
      'Resume the sync?',
      `Resume *${escapeWithin(sync.name, 200)}*? Its scheduled runs start again.`,
      'Resume',
    ),
  };
}

/** Pause on a failure alert and in its thread: the answer comes as a card of its own, leaving the alert as it is. */
export const alertPauseButton = (sync: Target) => ({
  ...actionButton('Pause sync', PAUSE_ACTIONS.pauseFromAlert, syncValue(sync)),
  confirm: pauseConfirm(sync),
});

/** Said plainly on the card of a paused sync (Polytomic answered `active: false`), with what it means for a run going on. */
export function pausedNotice(runInProgress: boolean): string {
  return `:double_vertical_bar: *Paused*: no scheduled runs until someone resumes it.${runInProgress ? ' The run in progress goes on.' : ''}`;
}

/** Under the Nth failure in a row, in the alert's thread: the suggestion to pause. */
export const pauseSuggestion = (failures: number) =>
  `:bulb: ${failures} failures in a row. Pause the sync until it is fixed? Its scheduled runs stop; a run in progress goes on.`;
