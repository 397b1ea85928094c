import type { RecordedMessage } from './slack-simulator.js';

/** Renders a message roughly as Slack would show it, for the console of a local run without Slack. */
export function renderForConsole(message: RecordedMessage): string {
  const where =
    message.via === 'response_url'
      ? `reply to the person who asked (${message.responseType ?? 'ephemeral'}${message.replaceOriginal ? ', replacing the previous reply' : ''})`
      : `${message.via} in ${message.channel}${message.threadTs ? `, in the thread of ${message.threadTs}` : ''}${message.ts ? ` (ts ${message.ts})` : ''}`;
  const body = message.blocks?.length
    ? message.blocks.map(renderBlock).filter(Boolean).join('\n')
    : (message.text ?? '');
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
  };
  switch (b.type) {
    case 'header':
      return `## ${b.text?.text ?? ''}`;
    case 'section':
      return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text.replace('\n', ': '))]
        .filter((t) => t !== '')
        .map(readable)
        .join('\n');
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
