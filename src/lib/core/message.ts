import type { KnownBlock } from '@slack/types';
import { truncate } from './mrkdwn.js';

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

/** Packs lines into at most `maxSections` sections of at most 3000 characters each. */
export function packLines(lines: string[], maxSections: number): { text: string; count: number }[] {
  const sections: { text: string; count: number }[] = [];
  for (const line of lines) {
    const last = sections.at(-1);
    if (last && last.text.length + 1 + line.length <= MAX_SECTION_TEXT) {
      last.text += `\n${line}`;
      last.count++;
    } else if (sections.length < maxSections) {
      sections.push({ text: truncate(line, MAX_SECTION_TEXT), count: 1 });
    } else {
      break;
    }
  }
  return sections;
}
