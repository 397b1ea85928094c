import { PAUSE_ACTIONS, parsePausePress } from '../../core/buttons.js';
import { pauseOrResume } from '../pause-actions.js';
import { defineButton, pressedOn } from '../slack-work.js';

/**
 * Pause and Resume (pause-actions.ts): on a card the answer replaces it; on an alert (or its thread) it is a
 * card of its own, shown to the channel when the press changed something, so the alert stays as it was.
 */
export const PAUSE_BUTTONS = {
  [PAUSE_ACTIONS.pause]: defineButton({
    decode: parsePausePress,
    invalid: 'not a pause value',
    changes: 'pause',
    doing: 'pause the sync',
    replaceOriginal: true,
    run: async (deps, press, pressed) =>
      (await pauseOrResume({ ...deps, log: press.log }, 'pause', pressed, pressedOn(press))).message,
  }),
  [PAUSE_ACTIONS.resume]: defineButton({
    decode: parsePausePress,
    invalid: 'not a resume value',
    changes: 'resume',
    doing: 'resume the sync',
    replaceOriginal: true,
    run: async (deps, press, pressed) =>
      (await pauseOrResume({ ...deps, log: press.log }, 'resume', pressed, pressedOn(press))).message,
  }),
  [PAUSE_ACTIONS.pauseFromAlert]: defineButton({
    decode: parsePausePress,
    invalid: 'not a pause value',
    changes: 'pause',
    doing: 'pause the sync',
    replaceOriginal: false,
    run: async (deps, press, pressed) => {
      const { message, changed } = await pauseOrResume({ ...deps, log: press.log }, 'pause', pressed, {
        ...pressedOn(press),
        shareable: false,
      });
      return { ...message, inChannel: changed };
    },
  }),
};
