import type { KnownBlock } from '@slack/types';
import type { AuditEntry } from './audit.js';
import { AUDIT_KEEP_DAYS } from './audit.js';
import { AUDIT_OLDER_ACTION, auditCursor } from './buttons.js';
import type { SlackMessage } from './message.js';
import { context, packLines, section } from './message.js';
import { escapeCode, escapeText, slackDate, truncate } from './mrkdwn.js';

export const AUDIT_PAGE_SIZE = 20;

const VERB: Record<AuditEntry['action'], string> = {
  refresh: 'asked to refresh the schema of',
  start: 'pressed Start on',
  cancel: 'pressed Cancel run on',
  alert: 'worked the alert of',
  pause: 'pressed Pause on',
  resume: 'pressed Resume on',
};
const KIND: Record<AuditEntry['target']['kind'], string> = {
  connection: 'connection',
  model: 'model sync',
  bulk: 'bulk sync',
};

/** Table names as an audit line lists them: the first few, then how many more. */
function describeTables(tables: readonly string[]): string {
  const shown = tables.slice(0, 5).map((t) => `*${escapeText(truncate(t, 60))}*`);
  return tables.length > 5 ? `${shown.join(', ')} and ${tables.length - 5} more` : shown.join(', ');
}

/** Recent changes made through the bot, newest first, one line each, with a button for the older ones. */
export function renderAudit(input: {
  entries: readonly AuditEntry[];
  targetName?: string;
  targetId?: string;
  before?: string;
  continued: boolean;
}): SlackMessage {
  const title = `Changes made through the bot${input.targetName ? ` to ${truncate(input.targetName, 100)}` : ''}${input.continued ? ' (older)' : ''}`;
  if (input.entries.length === 0) {
    const none = input.continued
      ? 'No older changes.'
      : `No changes have been made through the bot${input.targetName ? ` to *${escapeText(input.targetName)}*` : ''} in the last ${AUDIT_KEEP_DAYS} days.`;
    return { text: none, blocks: [section(none)] };
  }
  const lines = input.entries.map((e) => {
    const run = e.executionId ? ` · run \`${escapeCode(e.executionId)}\`` : '';
    const verb = e.tables ? `retried the failed tables ${describeTables(e.tables)} of` : VERB[e.action];
    return `• ${slackDate(new Date(e.at).toISOString(), '{date_short} {time}')} · <@${e.userId}> ${verb} *${escapeText(truncate(e.target.name, 100))}* (${KIND[e.target.kind]}): ${escapeText(e.outcome.replace(/_/g, ' '))}${run}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    ...packLines(lines, 40).map((s) => section(s.text)),
  ];
  if (input.before) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Show older' },
          action_id: AUDIT_OLDER_ACTION,
          value: auditCursor(input.targetId, input.before),
        },
      ],
    });
  }
  blocks.push(context(`Newest first. Kept for ${AUDIT_KEEP_DAYS} days. Only you can see this.`));
  // The header is plain text; the fallback is mrkdwn, so the name in it is escaped.
  const fallback = `Changes made through the bot${input.targetName ? ` to ${escapeText(truncate(input.targetName, 100))}` : ''}${input.continued ? ' (older)' : ''}`;
  return { text: `${fallback}: ${input.entries.length} shown`, blocks };
}
