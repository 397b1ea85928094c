import { editDistance } from './command.js';
import { foldLookalikes } from './mrkdwn.js';

export type NameMatch<T> =
  /** `close`: not the name itself but the only one close to it (only when the caller accepts that). */
  | { kind: 'found'; item: T; close?: boolean }
  | { kind: 'ambiguous'; items: T[] }
  | { kind: 'not_found'; suggestions: T[] };

const MAX_SUGGESTIONS = 5;

// Lookalikes fold back, so a name copied from a message (where `*` shows as `∗`) still finds its item; accents
// and case are folded (`Ördérs` is `orders`) and a typed arrow is the arrow names use (`a -> b` is `a → b`).
const normalise = (text: string): string =>
  foldLookalikes(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s*(?:-+>|→)\s*/g, ' → ')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/**
 * People type names, not UUIDs: an id or an exact name (any case, accents or arrow spelling) finds the item;
 * otherwise close names are offered, or, where the caller only reads (`acceptOnlyClose`), the one close name
 * is taken.
 */
export function matchName<T extends { id: string; name: string }>(
  items: readonly T[],
  query: string,
  options: { acceptOnlyClose?: boolean } = {},
): NameMatch<T> {
  const wanted = normalise(query);
  const byId = items.find((item) => item.id.toLowerCase() === wanted);
  if (byId) return { kind: 'found', item: byId };
  const exact = items.filter((item) => normalise(item.name) === wanted);
  if (exact.length === 1) return { kind: 'found', item: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', items: exact };
  const scored = items
    .map((item) => ({ item, score: closeness(normalise(item.name), wanted) }))
    .filter((entry): entry is { item: T; score: number } => entry.score !== undefined)
    .sort((a, b) => a.score - b.score || a.item.name.localeCompare(b.item.name));
  if (options.acceptOnlyClose && scored.length === 1) return { kind: 'found', item: scored[0]!.item, close: true };
  return { kind: 'not_found', suggestions: scored.slice(0, MAX_SUGGESTIONS).map((entry) => entry.item) };
}

/** Lower is closer; undefined is not close at all. Containment beats shared words beats typos. */
function closeness(name: string, query: string): number | undefined {
  if (query === '') return undefined;
  if (name.includes(query)) return 0;
  const queryWords = query.split(' ').filter((word) => word.length > 2);
  const shared = queryWords.filter((word) => name.includes(word)).length;
  if (shared > 0) return 1 + (queryWords.length - shared);
  const distance = editDistance(name, query);
  return distance <= Math.max(2, Math.floor(query.length / 4)) ? 10 + distance : undefined;
}
