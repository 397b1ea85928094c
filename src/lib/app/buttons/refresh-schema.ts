import { parseRefreshValue, REFRESH_ACTION_ID } from '../../core/buttons.js';
import { MANIFEST_COMMAND } from '../../core/commands/registry.js';
import { requestRefresh } from '../refresh.js';
import { defineButton } from '../slack-work.js';

/** Refresh schema: the same refresh as `/polytomic refresh`, for the connection the card names. */
export const REFRESH_SCHEMA_BUTTONS = {
  [REFRESH_ACTION_ID]: defineButton({
    decode: parseRefreshValue,
    invalid: 'not a connection id',
    changes: 'refresh',
    doing: 'start the refresh',
    replaceOriginal: false,
    run: (deps, press, connectionId) =>
      requestRefresh(
        { ...deps, log: press.log },
        {
          job: press.job,
          query: connectionId,
          userId: press.who.userId,
          channelId: press.who.channelId,
          commandName: MANIFEST_COMMAND,
        },
      ),
  }),
};
