import { parseConnectionValue, REFRESH_ACTION_ID } from '../../core/buttons.js';
import { MANIFEST_COMMAND } from '../../core/commands/registry.js';
import { requestRefresh } from '../refresh.js';
import { defineButton, HOME_CHANNEL } from '../slack-work.js';

/** Refresh schema: the same refresh as `/polytomic refresh`, for the connection the card names (on a message or the Home). */
export const REFRESH_SCHEMA_BUTTONS = {
  [REFRESH_ACTION_ID]: defineButton({
    decode: parseConnectionValue,
    invalid: 'not a connection id',
    changes: 'refresh',
    doing: 'start the refresh',
    replaceOriginal: false,
    run: async (deps, press, connectionId) =>
      requestRefresh(
        { ...deps, log: press.log },
        {
          job: press.job,
          query: connectionId,
          userId: press.who.userId,
          // A Home has no channel: the refresh's message and its threaded reply go to the person's direct
          // messages with the app (its Messages tab), where they can be found again.
          channelId:
            press.who.channelId === HOME_CHANNEL
              ? await deps.slack.directChannel(press.who.userId)
              : press.who.channelId,
          commandName: MANIFEST_COMMAND,
        },
      ),
  }),
};
