/** Escapes text from outside (names, errors) so Slack cannot read it as a link, mention or markup. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

/** Escaped text at most `max` characters long: shortened before escaping, so no `&amp;` is cut in half. */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  let kept = '';
  for (const char of text) {
    const next = escapeText(char);
    if (kept.length + next.length + 1 > max) break;
    kept += next;
  }
  return `${kept}…`;
}

/** A Slack date token: each reader sees the time in their own time zone; the fallback is UTC. */
export function slackDate(iso: string | undefined, format = '{date_short_pretty} at {time}'): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const fallback = new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
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
