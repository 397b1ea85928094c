import type { KnownBlock } from '@slack/types';

/** What the bot says: fallback `text` always (notifications, screen readers), blocks when there is layout. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_FIELD_TEXT = 2000;

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** A plain message of one or more paragraphs, each its own section. */
export function textMessage(...paragraphs: string[]): SlackMessage {
  return { text: paragraphs.join('\n\n'), blocks: paragraphs.map(section) };
}
