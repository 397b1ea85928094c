/** `notify …` at the end of `watch <sync>`: the people and groups to mention, `none` to clear, or what was refused. */
export type NotifyClause = { ids: string[] } | { refused: string };

/** At most this many people and groups a watch. */
export const MAX_NOTIFY = 10;

const MENTION = /^<(?:@([UW][A-Z0-9]+)|!subteam\^(S[A-Z0-9]+))(?:\|[^>]*)?>$/;

/** Splits `… notify <@U1|ann> <!subteam^S2|@data>` off a watch's text; `rest` is what comes before it. */
export function splitNotify(query: string): { rest: string; notify?: NotifyClause } {
  const match = /(^|\s)notify(?=\s|$)/i.exec(query);
  if (!match) return { rest: query };
  const rest = query.slice(0, match.index).trim();
  // A mention token may hold spaces in its label (`<@U1|Ann Lee>`), so tokens are mentions or words.
  const tokens = query.slice(match.index + match[0].length).match(/<[^>]*>|\S+/g) ?? [];
  if (tokens.length === 1 && tokens[0]!.toLowerCase() === 'none') return { rest, notify: { ids: [] } };
  if (tokens.length === 0) return { rest, notify: { refused: '' } };
  const ids: string[] = [];
  for (const token of tokens) {
    const mention = MENTION.exec(token);
    if (!mention) return { rest, notify: { refused: token } };
    ids.push((mention[1] ?? mention[2])!);
  }
  const unique = [...new Set(ids)];
  return unique.length > MAX_NOTIFY
    ? { rest, notify: { refused: tokens[MAX_NOTIFY]! } }
    : { rest, notify: { ids: unique } };
}
