import { emojiOf } from './emoji.js';

/** Escapes text for HTML content and double-quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Slack's own escapes undone: in mrkdwn `&amp;`, `&lt;` and `&gt;` stand for the characters. */
const unescapeSlack = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// Markers for pieces already turned into HTML, kept out of the formatting passes; stripped from input first.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Emoji codes (`:white_check_mark:`) as their characters; unknown codes stay as typed, as Slack shows them. */
export const withEmoji = (escaped: string): string =>
  escaped.replace(/:([a-z0-9_+-]+):/g, (code, name: string) => emojiOf(name) ?? code);

/** Plain text as HTML: escaped, with emoji codes shown when the element asks for them. */
export const plainHtml = (text: string, emoji = true): string =>
  emoji ? withEmoji(escapeHtml(text)) : escapeHtml(text);

/**
 * Slack mrkdwn as HTML. Every character of the input is escaped; only the tags written here are produced,
 * and links only for http(s) and mailto URLs. Dates (`<!date^…>`) become `<time>` elements the page shows
 * in the browser's time zone.
 */
export function mrkdwnHtml(mrkdwn: string): string {
  const pieces: string[] = [];
  const keep = (html: string) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;
  let text = mrkdwn.replace(/[\uE000\uE001]/g, '').replace(/<([^<>\n]*)>/g, (_, inner: string) => keep(special(inner)));
  text = escapeHtml(unescapeSlack(text))
    .replace(/```([\s\S]*?)```/g, (_, code: string) => keep(`<pre>${code.replace(/^\n/, '')}</pre>`))
    .replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${code}</code>`));
  const html = withEmoji(text)
    .replace(/(^|[\s(>\uE001])\*([^*\n]+)\*(?=$|[\s.,;:!?)<\uE000])/gm, '$1<b>$2</b>')
    .replace(/(^|[\s(>\uE001])_([^_\n]+)_(?=$|[\s.,;:!?)<\uE000])/gm, '$1<i>$2</i>')
    .replace(/(^|[\s(>\uE001])~([^~\n]+)~(?=$|[\s.,;:!?)<\uE000])/gm, '$1<s>$2</s>')
    .replace(/^&#62; ?(.*)$/gm, '<blockquote>$1</blockquote>')
    .replace(/\n/g, '<br>');
  // Kept pieces may hold others (a link inside code is not made, but a date inside a quote is): restore inside out.
  let restored = html;
  for (let i = 0; i < 3 && restored.includes(OPEN); i++)
    restored = restored.replace(/\uE000(\d+)\uE001/g, (_, index: string) => pieces[Number(index)] ?? '');
  return restored;
}

/** What is inside `<…>` in mrkdwn: a link, a mention, a channel, a date, or a special mention. */
function special(inner: string): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@'))
    return `<span class="mention">@${escapeHtml(unescapeSlack(label ?? target.slice(1)))}</span>`;
  if (target.startsWith('#'))
    return `<span class="mention">#${escapeHtml(unescapeSlack(label ?? target.slice(1)))}</span>`;
  if (target.startsWith('!date^')) return dateHtml(target, label);
  if (target.startsWith('!subteam^'))
    return `<span class="mention">@${escapeHtml(unescapeSlack(label ?? target.slice(9)))}</span>`;
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  const url = unescapeSlack(target);
  const shown = escapeHtml(unescapeSlack(label ?? target));
  if (!/^(https?:|mailto:)/i.test(url)) return shown;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}

/** `<!date^1700000000^{date_short_pretty} {time}^optional_link|fallback>`: the page formats it in the reader's zone. */
function dateHtml(target: string, fallback: string | undefined): string {
  const [, seconds = '', format = '', link] = target.split('^');
  const shown = escapeHtml(unescapeSlack(fallback ?? ''));
  if (!/^\d{1,12}$/.test(seconds)) return shown;
  const time = `<time data-ts="${seconds}" data-format="${escapeHtml(unescapeSlack(format))}">${shown}</time>`;
  return link && /^https?:/i.test(link)
    ? `<a href="${escapeHtml(unescapeSlack(link))}" target="_blank" rel="noopener noreferrer">${time}</a>`
    : time;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
