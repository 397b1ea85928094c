import type { ButtonActionId } from '../../core/buttons.js';
import type { Button } from '../slack-work.js';
import { AUDIT_OLDER_BUTTONS } from './audit-older.js';
import { CONNECTION_DETAILS_BUTTONS } from './connection-details.js';
import { DIGEST_OFF_BUTTONS } from './digest-off.js';
import { INCIDENT_BUTTONS } from './incident.js';
import { PAUSE_BUTTONS } from './pause.js';
import { REFRESH_SCHEMA_BUTTONS } from './refresh-schema.js';
import { RUN_FAILURE_BUTTONS } from './run-failure.js';
import { SYNC_CARD_BUTTONS } from './sync-card.js';

/** Every button the bot renders, by action id; one the renderers use without a run here does not compile. */
export const BUTTONS: { readonly [K in ButtonActionId]: Button } = {
  ...SYNC_CARD_BUTTONS,
  ...REFRESH_SCHEMA_BUTTONS,
  ...CONNECTION_DETAILS_BUTTONS,
  ...DIGEST_OFF_BUTTONS,
  ...AUDIT_OLDER_BUTTONS,
  ...RUN_FAILURE_BUTTONS,
  ...INCIDENT_BUTTONS,
  ...PAUSE_BUTTONS,
};
