import { DIGEST_OFF_ACTIONS, parseDigestOffValue } from '../../core/buttons.js';
import { turnOffDigests } from '../digest.js';
import type { ButtonSpec } from '../slack-work.js';
import { defineButton } from '../slack-work.js';

// The digests are the press's own channel's: a value can name an id, never another channel.
const turnOff = (many: boolean): ButtonSpec<string[]> => ({
  decode: (value) => parseDigestOffValue(value, many),
  invalid: 'not digest ids',
  changes: 'digest',
  doing: 'turn off the digest',
  replaceOriginal: false,
  run: (deps, press, ids) =>
    turnOffDigests({ ...deps, log: press.log }, { ids, userId: press.who.userId, channelId: press.who.channelId }),
});

/** Turn off (one digest) and Turn off all (those the message listed), offered by `digest off` with several. */
export const DIGEST_OFF_BUTTONS = {
  [DIGEST_OFF_ACTIONS.one]: defineButton(turnOff(false)),
  [DIGEST_OFF_ACTIONS.all]: defineButton(turnOff(true)),
};
