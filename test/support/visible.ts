/** A message as the bot sends it, or as the Slack simulator or a response_url recorded it. */
export type Shown = { text?: string; blocks?: unknown[] } | undefined;

interface Text {
  type: string;
  text: string;
}
interface Element {
  type: string;
  text?: Text;
  action_id?: string;
  value?: string;
  url?: string;
  confirm?: { text: Text };
  placeholder?: Text;
  options?: { text: Text; value: string }[];
}
interface Block {
  type: string;
  text?: Text;
  fields?: Text[];
  accessory?: Element;
  elements?: (Element | Text)[];
}

const label = (element: Element): string => {
  // A menu shows its placeholder until something is picked.
  if (element.type === 'static_select') return `[${element.placeholder?.text} ▾]`;
  if (element.type !== 'button') throw new Error(`visibleLines does not know the element ${element.type}`);
  return `[${element.text?.text}]`;
};

function linesOf(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return [block.text!.text];
    case 'section':
      return [
        ...(block.text ? [block.text.text] : []),
        ...(block.fields ?? []).map((field) => field.text),
        ...(block.accessory ? [label(block.accessory)] : []),
      ];
    case 'context':
      return (block.elements as Text[]).map((element) => element.text);
    case 'actions':
      return (block.elements as Element[]).map(label);
    case 'divider':
      return [];
    default:
      throw new Error(`visibleLines does not know the block ${block.type}`);
  }
}

/**
 * What a person sees of a message, one line per line of text, in order: the header, each section's text
 * then its fields, each context element, a button as `[its label]`. Text is mrkdwn as sent. A message
 * with blocks shows them, not its fallback `text` (that is for notifications: read `message.text`).
 */
export function visibleLines(message: Shown): string[] {
  if (!message) return [];
  const texts = message.blocks?.length ? (message.blocks as Block[]).flatMap(linesOf) : [message.text ?? ''];
  return texts.flatMap((text) => text.split('\n'));
}

/** The same as one string, lines joined by line breaks. */
export const visibleText = (message: Shown): string => visibleLines(message).join('\n');

/** A message's buttons in order, with what a press sends: its action, value or link, and its confirm text. */
export function buttonsOf(message: Shown) {
  const blocks = (message?.blocks ?? []) as Block[];
  return blocks
    .flatMap((block) =>
      block.type === 'actions' ? (block.elements as Element[]) : block.accessory ? [block.accessory] : [],
    )
    .map((element) => ({
      label: label(element).slice(1, -1),
      actionId: element.action_id,
      value: element.value,
      url: element.url,
      confirm: element.confirm?.text.text,
      /** A menu's options, as label → value. */
      options: element.options?.map((option) => ({ label: option.text.text, value: option.value })),
    }));
}
