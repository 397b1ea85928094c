import { FAILURE_ACTIONS, parseRunValue } from '../../core/buttons.js';
import { retryFailedTables, showErroredRecords, showRunLog } from '../run-failure-actions.js';
import { defineButton } from '../slack-work.js';

/** The buttons of a failed or warning run, on its alert and on the sync card. None replaces the message it is on. */
export const RUN_FAILURE_BUTTONS = {
  [FAILURE_ACTIONS.showLog]: defineButton({
    decode: (value) => parseRunValue(value),
    invalid: 'not a run value',
    doing: 'show the run’s log',
    replaceOriginal: false,
    run: (deps, press, run) => showRunLog({ ...deps, log: press.log }, press, run),
  }),
  [FAILURE_ACTIONS.erroredRecords]: defineButton({
    decode: (value) => parseRunValue(value, 'model'),
    invalid: 'not a model run value',
    doing: 'get the errored records',
    replaceOriginal: false,
    run: (deps, press, run) => showErroredRecords({ ...deps, log: press.log }, run),
  }),
  [FAILURE_ACTIONS.retryTables]: defineButton({
    decode: (value) => parseRunValue(value, 'bulk'),
    invalid: 'not a bulk run value',
    // Retrying tables starts a run, the change Start sync makes (and Polytomic's scheduler makes every day):
    // nothing is configured or deleted, so whoever may start a sync may retry its tables, under the same grant.
    changes: 'start',
    doing: 'retry the failed tables',
    replaceOriginal: false,
    run: (deps, press, run) => retryFailedTables({ ...deps, log: press.log }, press, run),
  }),
};
