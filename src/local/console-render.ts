import type { SlackMessage } from '../lib/core/message.js';
import type { RecordedMessage, Surface } from './slack-simulator.js';

/** Renders a message roughly as Slack would show it, for the console of a local run without Slack. */
export function renderForConsole(message: RecordedMessage): string {
  const where =
    message.via === 'response_url'
      ? `reply to the person who asked (${message.responseType ?? 'ephemeral'}${message.replaceOriginal ? ', replacing the previous reply' : ''})`
      : `${message.via} in ${message.channel}${message.threadTs ? `, in the thread of ${message.threadTs}` : ''}${message.ts ? ` (ts ${message.ts})` : ''}`;
  return boxed(where, message.blocks?.length ? renderBlocks(message.blocks) : (message.text ?? ''));
}

/** The acknowledgement a command gets at once (help, or "working on it"), drawn like a message. */
export const renderAckForConsole = (ack: SlackMessage): string =>
  boxed('immediate answer, only visible to you', ack.blocks?.length ? renderBlocks(ack.blocks) : ack.text);

/** A Home tab or a link preview, drawn like a message. */
export function renderSurfaceForConsole(surface: Surface): string {
  const where = surface.kind === 'home' ? `Home tab of ${surface.userId}` : `preview of the link ${surface.url}`;
  return boxed(where, renderBlocks(surface.blocks));
}

const renderBlocks = (blocks: readonly unknown[]) => blocks.map(renderBlock).filter(Boolean).join('\n');

function boxed(where: string, body: string): string {
  const indented = body
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n');
  return `\n  ┌─ Slack: ${where}\n${indented}\n  └─\n`;
}

function renderBlock(block: unknown): string {
  const b = block as {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { text?: string | { text: string }; url?: string }[];
    accessory?: { type: string; text?: { text: string }; url?: string };
  };
  const accessory =
    b.accessory?.type === 'button' ? ` [${b.accessory.text?.text}]${b.accessory.url ? ` ${b.accessory.url}` : ''}` : '';
  switch (b.type) {
    case 'header':
      return `## ${b.text?.text ?? ''}`;
    case 'section':
      return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text.replace('\n', ': '))]
        .filter((t) => t !== '')
        .map(readable)
        .join('\n')
        .concat(accessory);
    case 'context':
      return (b.elements ?? [])
        .map((e) => readable(typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))
        .join(' ');
    case 'actions':
      return (b.elements ?? [])
        .map((e) => `[${typeof e.text === 'string' ? e.text : e.text?.text}]${e.url ? ` ${e.url}` : ''}`)
        .join(' ');
    case 'divider':
      return '────';
    default:
      return '';
  }
}

/** Shows date tokens by their fallback and unescapes entities, as a person would read them in Slack. */
function readable(mrkdwn: string): string {
  return mrkdwn
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
