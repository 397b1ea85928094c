import { CONNECTION_DETAILS_ACTION, parseConnectionValue } from '../../core/buttons.js';
import { connectionCard } from '../connections.js';
import { defineButton } from '../slack-work.js';

/** A connection's card, as `/polytomic connection <name>` shows it: picked from the Home's connection menu. */
export const CONNECTION_DETAILS_BUTTONS = {
  [CONNECTION_DETAILS_ACTION]: defineButton({
    decode: parseConnectionValue,
    invalid: 'not a connection id',
    doing: 'read the connection',
    replaceOriginal: false,
    run: (deps, _press, connectionId) => connectionCard(deps.polytomic, connectionId),
  }),
};
