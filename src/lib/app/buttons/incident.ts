import {
  GROUP_ALERT_ACTIONS,
  INCIDENT_ACTIONS,
  parseGroupAlertValue,
  parseGroupSnoozeValue,
  parseSnoozeValue,
  parseSyncValue,
} from '../../core/buttons.js';
import {
  pressGroupAlert,
  releaseAlert,
  snoozeFromAlert,
  snoozeGroupFromAlert,
  takeAlert,
} from '../incident-actions.js';
import { defineButton } from '../slack-work.js';

// The alert's own message shows the change (re-rendered), so each answer is a message to the presser alone.
/** I'm on it, Release and the Snooze select on a single sync's failure alert; I'm on it and Release on a grouped one. */
export const INCIDENT_BUTTONS = {
  [INCIDENT_ACTIONS.take]: defineButton({
    decode: parseSyncValue,
    invalid: 'not a sync',
    changes: 'alert',
    doing: 'take this alert',
    replaceOriginal: false,
    run: (deps, press, sync) => takeAlert(deps, press, sync),
  }),
  [INCIDENT_ACTIONS.release]: defineButton({
    decode: parseSyncValue,
    invalid: 'not a sync',
    changes: 'alert',
    doing: 'release this alert',
    replaceOriginal: false,
    run: (deps, press, sync) => releaseAlert(deps, press, sync),
  }),
  [INCIDENT_ACTIONS.snooze]: defineButton({
    decode: parseSnoozeValue,
    invalid: 'not a sync and snooze length',
    changes: 'alert',
    doing: 'snooze this sync',
    replaceOriginal: false,
    run: (deps, press, value) => snoozeFromAlert(deps, press, value),
  }),
  [GROUP_ALERT_ACTIONS.take]: defineButton({
    decode: parseGroupAlertValue,
    invalid: 'not a grouped alert',
    changes: 'alert',
    doing: 'take these alerts',
    replaceOriginal: false,
    run: (deps, press) => pressGroupAlert(deps, press, 'taken'),
  }),
  [GROUP_ALERT_ACTIONS.release]: defineButton({
    decode: parseGroupAlertValue,
    invalid: 'not a grouped alert',
    changes: 'alert',
    doing: 'release these alerts',
    replaceOriginal: false,
    run: (deps, press) => pressGroupAlert(deps, press, 'released'),
  }),
  [GROUP_ALERT_ACTIONS.snooze]: defineButton({
    decode: parseGroupSnoozeValue,
    invalid: 'not a snooze length',
    changes: 'alert',
    doing: 'snooze these syncs',
    replaceOriginal: false,
    run: (deps, press, choice) => snoozeGroupFromAlert(deps, press, choice),
  }),
};
