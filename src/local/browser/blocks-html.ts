import { escapeHtml, mrkdwnHtml, plainHtml } from './mrkdwn-html.js';

interface TextObject {
  type?: string;
  text?: string;
  emoji?: boolean;
}
interface Confirm {
  title?: TextObject;
  text?: TextObject;
  confirm?: TextObject;
  deny?: TextObject;
  style?: string;
}
interface Option {
  text?: TextObject;
  value?: string;
}
/** An interactive element or a context element, as loosely as the page reads it. */
interface Element {
  type?: string;
  text?: TextObject;
  action_id?: string;
  value?: string;
  url?: string;
  style?: string;
  confirm?: Confirm;
  placeholder?: TextObject;
  options?: Option[];
  option_groups?: { label?: TextObject; options?: Option[] }[];
}
/** A context element (text) or an image block or element. */
interface Image extends TextObject {
  image_url?: string;
  alt_text?: string;
}
interface Block {
  type?: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: Element;
  elements?: unknown[];
}

/** Where an element sits in its message: the block's index and the element's (`accessory` for a section's). */
export type ElementPlace = { block: number; element: number | 'accessory' };

/**
 * A message's Block Kit as HTML, in the page's classes. Every string from the message is escaped; an
 * interactive element carries its place in the message (the page sends only that, and the server reads
 * the element itself, as Slack does) and its confirm dialog as a `<dialog>` beside it.
 */
export function blocksHtml(blocks: readonly unknown[]): string {
  return blocks.map((block, index) => blockHtml(block as Block, index)).join('');
}

/** A message without blocks: its `text`, as mrkdwn. */
export const textHtml = (text: string): string => `<div class="section">${mrkdwnHtml(text)}</div>`;

function blockHtml(block: Block, index: number): string {
  switch (block.type) {
    case 'header':
      return `<h3 class="header">${textObjectHtml(block.text)}</h3>`;
    case 'section': {
      const fields = block.fields?.length
        ? `<div class="fields">${block.fields.map((f) => `<div>${textObjectHtml(f)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(block.accessory, { block: index, element: 'accessory' })}</div>`
        : '';
      const text = block.text ? `<div class="text">${textObjectHtml(block.text)}</div>` : '';
      return `<div class="section"><div class="body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${(block.elements ?? []).map((element) => contextElementHtml(element as Image)).join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${(block.elements ?? [])
        .map((element, i) => elementHtml(element as Element, { block: index, element: i }))
        .join('')}</div>`;
    case 'image':
      return `<div class="image">${imageHtml((block as Image).image_url, (block as Image).alt_text)}</div>`;
    default:
      return `<div class="unsupported">[a ${escapeHtml(String(block.type))} block, which this page does not draw]</div>`;
  }
}

const textObjectHtml = (text: TextObject | undefined): string =>
  text?.type === 'mrkdwn' ? mrkdwnHtml(text.text ?? '') : plainHtml(text?.text ?? '', text?.emoji !== false);

function contextElementHtml(element: Image): string {
  if (element.type === 'image') return imageHtml(element.image_url, element.alt_text);
  return `<span>${textObjectHtml(element)}</span>`;
}

function imageHtml(url: string | undefined, alt: string | undefined): string {
  if (!url || !/^https?:/i.test(url)) return escapeHtml(alt ?? '');
  return `<img src="${escapeHtml(url)}" alt="${escapeHtml(alt ?? '')}">`;
}

function elementHtml(element: Element, place: ElementPlace): string {
  const where = `data-block="${place.block}" data-element="${place.element}"`;
  const confirm = element.confirm ? confirmHtml(element.confirm) : '';
  switch (element.type) {
    case 'button': {
      const style = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
      const link = element.url && /^https?:/i.test(element.url) ? ` data-url="${escapeHtml(element.url)}"` : '';
      return `<span class="control"><button type="button" class="button${style}" ${where}${link}>${textObjectHtml(element.text)}</button>${confirm}</span>`;
    }
    case 'static_select':
    case 'overflow': {
      const overflow = element.type === 'overflow';
      const prompt = overflow ? '⋯' : plainHtml(element.placeholder?.text ?? 'Select an item');
      const options = (element.options ?? []).map(optionHtml).join('');
      const groups = (element.option_groups ?? [])
        .map(
          (g) =>
            `<optgroup label="${escapeHtml(g.label?.text ?? '')}">${(g.options ?? []).map(optionHtml).join('')}</optgroup>`,
        )
        .join('');
      const label = overflow ? ' aria-label="More actions"' : '';
      return `<span class="control"><select class="${overflow ? 'overflow' : 'select'}" ${where}${label}><option value="" selected disabled>${prompt}</option>${options}${groups}</select>${confirm}</span>`;
    }
    default:
      return `<span class="unsupported">[${escapeHtml(String(element.type))}]</span>`;
  }
}

const optionHtml = (option: Option): string =>
  `<option value="${escapeHtml(option.value ?? '')}">${plainHtml(option.text?.text ?? '')}</option>`;

function confirmHtml(confirm: Confirm): string {
  const style = confirm.style === 'danger' ? 'danger' : 'primary';
  return [
    '<dialog class="confirm"><form method="dialog">',
    `<h4>${textObjectHtml(confirm.title)}</h4>`,
    `<div class="text">${textObjectHtml(confirm.text)}</div>`,
    '<div class="choices">',
    `<button value="cancel">${plainHtml(confirm.deny?.text ?? 'Cancel')}</button>`,
    `<button value="confirm" class="button ${style}">${plainHtml(confirm.confirm?.text ?? 'Yes')}</button>`,
    '</div></form></dialog>',
  ].join('');
}
