import { AUDIT_OLDER_ACTION, parseAuditCursor } from '../../core/buttons.js';
import { auditPage } from '../audit.js';
import { defineButton } from '../slack-work.js';

/** Show older: the next page of the audit trail, in place of the one shown. */
export const AUDIT_OLDER_BUTTONS = {
  [AUDIT_OLDER_ACTION]: defineButton({
    decode: parseAuditCursor,
    invalid: 'not an audit cursor',
    doing: 'read the audit trail',
    replaceOriginal: true,
    run: (deps, _press, cursor) => auditPage(deps.auditStore, { ...cursor, continued: true }),
  }),
};
