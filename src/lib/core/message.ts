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
/** Slack takes up to 40,000 characters of `text` but cuts it after 4,000 in places; notifications show far less. */
export const MAX_FALLBACK_TEXT = 4000;

/**
 * Text cut to `max` characters at a line break where it can be, so the cut never splits a mention, a date
 * or a link (none spans lines). Renderers bound what they put in; this is the last guard, because Slack
 * refuses a whole message for one section too long.
 */
export function cutAtLine(text: string, max: number): string {
  if (text.length <= max) return text;
  const lastBreak = text.lastIndexOf('\n', max - 2);
  return lastBreak > 0 ? `${text.slice(0, lastBreak)}\n…` : truncate(text, max);
}

export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cutAtLine(text, MAX_SECTION_TEXT) },
});
export const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cutAtLine(text, MAX_SECTION_TEXT) }],
});
/** A card's title: plain text (nothing to escape), never empty, which Slack refuses, nor over its 150 characters. */
export const header = (title: string, untitled: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(title.trim() || untitled, MAX_HEADER_TEXT), emoji: false },
});

/** A button whose press is work for the bot: its words, action id and value. */
export const actionButton = (text: string, action_id: string, value: string) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text },
  action_id,
  value,
});

/** A button's confirm dialog; Slack allows 300 characters of `text`, which callers keep to. */
export const confirmDialog = (title: string, text: string, yes: string) => ({
  title: { type: 'plain_text' as const, text: title },
  text: { type: 'mrkdwn' as const, text },
  confirm: { type: 'plain_text' as const, text: yes },
  deny: { type: 'plain_text' as const, text: 'Not now' },
});

/** A plain message of one or more paragraphs, each its own section. */
export function textMessage(...paragraphs: string[]): SlackMessage {
  return { text: cutAtLine(paragraphs.join('\n\n'), MAX_FALLBACK_TEXT), blocks: paragraphs.map(section) };
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
