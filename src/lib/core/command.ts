import type { QueuedCommandName } from './commands/registry.js';
import { commandNamed, isQueued, SUBCOMMANDS } from './commands/registry.js';
import { unescapeText } from './mrkdwn.js';
import { unlinkEscapes } from './slack-escapes.js';

/** The text after `/polytomic`, read: which subcommand, and what follows it. */
export type Command =
  | { kind: 'help' }
  | { kind: QueuedCommandName; query: string }
  | { kind: 'unknown'; word: string; suggestion?: string };

/** Reads the text after `/polytomic`: a subcommand and the sync or connection name or id after it (quotes optional). */
export function parseCommand(text: string): Command {
  const trimmed = unescapeText(unlinkEscapes(text)).trim();
  if (trimmed === '') return { kind: 'help' };
  const [first = ''] = trimmed.split(/\s+/);
  const argument = stripQuotes(trimmed.slice(first.length).trim());
  const named = commandNamed(first)?.name;
  if (named === 'help') return { kind: 'help' };
  if (named !== undefined && isQueued(named)) return { kind: named, query: argument };
  return { kind: 'unknown', word: first, suggestion: closestWord(first.toLowerCase(), SUBCOMMANDS) };
}

function stripQuotes(text: string): string {
  const match = /^["'“”‘’](.*)["'“”‘’]$/s.exec(text);
  return (match ? match[1]! : text).trim();
}

function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance; inputs are short (names, subcommands), so the quadratic table is fine. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
