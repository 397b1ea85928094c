import type { SlackMessage } from '../lib/core/message.js';
import type { RecordedMessage, Surface } from './slack-simulator.js';

/**
 * Renders messages roughly as Slack would show them, for the console of a local run without Slack. It
 * remembers each message's first line, so a reply is drawn under its parent's words, indented.
 */
export function createConsoleRenderer() {
  const firstLines = new Map<string, string>();
  return (message: RecordedMessage): string => {
    const body = message.blocks?.length ? renderBlocks(message.blocks) : readable(message.text ?? '');
    if (message.ts && !message.threadTs) firstLines.set(message.ts, body.split('\n')[0]!.slice(0, 80));
    if (message.via === 'response_url') {
      const how = `${message.responseType === 'in_channel' ? 'shown in the channel' : 'only visible to the person who asked'}${message.replaceOriginal ? ', replacing the previous answer' : ''}`;
      return boxed(`answer (${how})`, body);
    }
    const verb =
      message.via === 'chat.update' ? 'updated' : message.via === 'chat.postEphemeral' ? 'ephemeral' : 'posted';
    if (!message.threadTs) return boxed(`${verb} in ${message.channel}`, body);
    const parent = firstLines.get(message.threadTs) ?? `the message ${message.threadTs}`;
    return boxed(
      `${verb} in the thread of “${parent}”${message.broadcast ? ', also sent to the channel' : ''}`,
      body,
      '      ',
    );
  };
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

function boxed(where: string, body: string, margin = '  '): string {
  const indented = body
    .split('\n')
    .map((line) => `${margin}│ ${line}`)
    .join('\n');
  return `\n${margin}┌─ Slack: ${where}\n${indented}\n${margin}└─\n`;
}

function renderBlock(block: unknown): string {
  const b = block as {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { text?: string | { text: string }; url?: string; placeholder?: { text: string } }[];
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
        .map((e) =>
          // A menu shows its placeholder.
          e.placeholder
            ? `[${e.placeholder.text} ▾]`
            : `[${typeof e.text === 'string' ? e.text : e.text?.text}]${e.url ? ` ${e.url}` : ''}`,
        )
        .join(' ');
    case 'divider':
      return '────';
    default:
      return '';
  }
}

// Slack shows each reader a date in their own time zone; the console shows this machine's.
const LOCAL_TIME = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZoneName: 'short',
});

/** This machine's time zone, as the console's dates are shown in it. */
export const consoleTimeZone = (): string => LOCAL_TIME.resolvedOptions().timeZone;

/** Shows date tokens in this machine's time zone and unescapes entities, as a person would read them in Slack. */
function readable(mrkdwn: string): string {
  return mrkdwn
    .replace(/<!date\^(\d+)\^[^|>]*\|[^>]*>/g, (_, seconds: string) =>
      LOCAL_TIME.format(Number(seconds) * 1000).replace(',', ''),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
