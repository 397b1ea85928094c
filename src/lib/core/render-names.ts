import type { SlackMessage } from './message.js';
import { context, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT, section } from './message.js';
import { capitalise, escapeCode, escapeText, truncate } from './mrkdwn.js';

/** A sync or connection offered to the person by name, with what tells it apart. */
export interface NamedChoice {
  id: string;
  name: string;
  /** `model sync`, `PostgreSQL connection`, … */
  label: string;
  /** `paused`, `unhealthy`, … */
  note?: string;
}

interface NameQuery {
  noun: 'sync' | 'connection' | 'sync or connection';
  query: string;
  /** The command that takes a name: `/polytomic status`. */
  usage: string;
}

/** The answer when a name matches nothing exactly: close names as commands to copy, or how to list them all. */
export function renderNotFound(
  input: NameQuery & { suggestions: readonly NamedChoice[]; listHint: string },
): SlackMessage {
  const intro = `I couldn't find a ${input.noun} called *${escapeText(truncate(input.query, 200))}*.`;
  if (input.suggestions.length === 0) return { text: intro, blocks: [section(intro), context(input.listHint)] };
  // In code, so the command copies as it is; the label (a connection's type) is Polytomic's.
  const list = input.suggestions
    .map((s) => `• \`${input.usage} ${escapeCode(s.name)}\` (${escapeText(s.label)})`)
    .join('\n');
  return {
    text: truncate(
      `${intro} Did you mean: ${input.suggestions.map((s) => escapeText(s.name)).join(', ')}?`,
      MAX_FALLBACK_TEXT,
    ),
    blocks: [section(truncate(`${intro} Did you mean:\n${list}`, MAX_SECTION_TEXT))],
  };
}

/** The answer when several share the name: each with what tells it apart and its id, so the person can pick. */
export function renderAmbiguous(input: NameQuery & { matches: readonly NamedChoice[] }): SlackMessage {
  const intro = `${input.matches.length} ${input.noun === 'sync or connection' ? 'syncs and connections' : `${input.noun}s`} are called *${escapeText(truncate(input.query, 200))}*. Pick one by id:`;
  const list = input.matches
    .slice(0, 20)
    .map(
      (m) =>
        `• ${escapeText(capitalise(m.label))}${m.note ? ` (${escapeText(m.note)})` : ''}: \`${input.usage} ${escapeCode(m.id)}\``,
    )
    .join('\n');
  return {
    text: truncate(`${intro} ${input.matches.map((m) => escapeText(m.id)).join(', ')}`, MAX_FALLBACK_TEXT),
    blocks: [section(truncate(`${intro}\n${list}`, MAX_SECTION_TEXT))],
  };
}

/** Said on a card found by the only name close to what was typed, so nobody mistakes it for an exact match. */
export const renderOnlyCloseMatch = (noun: string, query: string): string =>
  `No ${noun} is called “${escapeText(truncate(query, 200))}”; this is the only one with a close name.`;
