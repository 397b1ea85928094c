// Slack documents escapes only for `&`, `<` and `>`; mrkdwn has none for `* _ ~ \`` (nor for the
// full-width forms, which Slack also reads as markup). Zero-width spaces around them do not help: Slack
// takes a zero-width space as a word boundary, so they switch formatting *on* inside words (jsx-slack's
// "exact mode"). Like jsx-slack's <Escape>, each is swapped for a lookalike Slack never reads as markup:
// the reader sees the same shape, and each maps back to one character (foldLookalikes), so a name copied
// out of a message still finds its sync. A colon opening an emoji code (`:red_circle:`) is swapped too,
// so a name cannot wear a status icon.
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
  '\uFF0A': '\uFE61', // ＊ → ﹡ small asterisk
  '\uFF3F': '\u2E0F', // ＿ → ⸏ paragraphos
  '\uFF40': '\u2035', // ｀ → ‵ reversed prime
  '\uFF5E': '\u301C', // ～ → 〜 wave dash
  ':': '\u2236', // ∶ ratio, only where an emoji code would open
  '>': '\u203A', // › single right angle quotation mark, only at the start, where it could open a quote
};
const ORIGINALS = new Map(Object.entries(LOOKALIKES).map(([original, lookalike]) => [lookalike, original]));
// A colon at the end counts too: the message may put its own colon right after (`name: status`).
const FORMATTING = /[*_~`\uFF0A\uFF3F\uFF40\uFF5E]|:(?=[\w+'-]+(?::|$))|^\s*>/g;
const CODE_BREAKING = /[`\uFF40]/g;
// Slack links bare URLs, e-mail addresses, domains (`evil.com`, and `www.` even cut short) and IP addresses in mrkdwn and in
// fallback text, but nothing inside code: any word that looks linkable is shown as code. Words are cut
// first and tested one by one, so a long word with nothing linkable costs linear time, not quadratic.
const WORD = /\S+/g;
const LINKABLE = /:\/\/|mailto:|www\.|[\p{L}\p{N}-]\.\p{L}{2}|\d\.\d+\.\d+\.\d/iu;

const escapeEntities = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Outside text is shown on one line: a line break in it could start a quote (`>`) or a list of its own.
const oneLine = (text: string) => text.replace(/\s+/g, ' ');
const swap = (chars: string) => chars.replace(/\S/, (char) => LOOKALIKES[char] ?? char);

/**
 * Escapes text from outside (names, statuses, errors) for mrkdwn prose and fallback text: nothing in it
 * can mention, link, quote or restyle the message; linkable words are shown as code.
 */
export function escapeText(text: string): string {
  const line = oneLine(text);
  let escaped = '';
  let from = 0;
  for (const match of line.matchAll(WORD)) {
    if (!LINKABLE.test(match[0])) continue;
    escaped += `${escapeProse(line.slice(from, match.index))}\`${escapeCode(match[0])}\``;
    from = match.index + match[0].length;
  }
  return escaped + escapeProse(line.slice(from));
}

const escapeProse = (text: string) => escapeEntities(text.replace(FORMATTING, swap));

/** Escapes text from outside for inside a code span (ids, cache statuses, copyable commands): only a backtick could end it. */
export function escapeCode(text: string): string {
  return escapeEntities(oneLine(text).replace(CODE_BREAKING, swap));
}

/** The characters escapeText swapped for lookalikes, back as they were: for matching what a person copied from a message. */
export function foldLookalikes(text: string): string {
  return text.replace(
    /[\u2217\u02CD\u223C\u02CB\uFE61\u2E0F\u2035\u301C\u2236\u203A]/g,
    (char) => ORIGINALS.get(char) ?? char,
  );
}

/** Slack escapes `&`, `<` and `>` in slash-command text; undo it before matching names. */
export function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Shortens to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escaped text at most `max` characters long: shortened before escaping, so no `&amp;` or code span is cut in half. */
export function escapeWithin(text: string, max: number, escapeAs: (text: string) => string = escapeText): string {
  let kept = text.length;
  let escaped = escapeAs(text);
  while (escaped.length > max && kept > 0) {
    kept = Math.min(kept - 1, Math.floor((kept * max) / escaped.length));
    escaped = escapeAs(truncate(text, kept));
  }
  return escaped;
}

/** A Slack date token: each reader sees the time in their own time zone; the fallback is UTC. */
export function slackDate(iso: string | undefined, format = '{date_short_pretty} at {time}'): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const fallback = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

/** A duration in words a person reads at a glance: `45s`, `3m 20s`, `2h 5m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');
