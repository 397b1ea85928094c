import { parseSyncPress, parseSyncValue, SYNC_ACTIONS } from '../../core/buttons.js';
import { sharedBy } from '../../core/sync-press.js';
import { defineButton, pressedOn } from '../slack-work.js';
import { cancelRun, renderCurrentCard, startRun } from '../sync-actions.js';

/** The buttons of a sync card: Update and Share read; Start and Cancel change, once per press (sync-actions.ts). */
export const SYNC_CARD_BUTTONS = {
  [SYNC_ACTIONS.update]: defineButton({
    decode: parseSyncValue,
    invalid: 'not a sync value',
    doing: 'update the card',
    replaceOriginal: true,
    run: (deps, press, sync) => renderCurrentCard({ ...deps, log: press.log }, sync, { shareable: press.ephemeral }),
  }),
  [SYNC_ACTIONS.share]: defineButton({
    decode: parseSyncValue,
    invalid: 'not a sync value',
    doing: 'share the card',
    replaceOriginal: false,
    run: async (deps, press, sync) => ({
      ...(await renderCurrentCard({ ...deps, log: press.log }, sync, {
        shareable: false,
        note: sharedBy(press.who.userId),
      })),
      inChannel: true,
    }),
  }),
  [SYNC_ACTIONS.start]: defineButton({
    decode: parseSyncPress,
    invalid: 'not a sync value',
    changes: 'start',
    doing: 'start the sync',
    replaceOriginal: true,
    run: (deps, press, pressed) => startRun({ ...deps, log: press.log }, pressed, pressedOn(press)),
  }),
  [SYNC_ACTIONS.cancel]: defineButton({
    decode: parseSyncPress,
    invalid: 'not a sync value',
    changes: 'cancel',
    doing: 'cancel the run',
    replaceOriginal: true,
    run: (deps, press, pressed) => cancelRun({ ...deps, log: press.log }, pressed, pressedOn(press)),
  }),
};
