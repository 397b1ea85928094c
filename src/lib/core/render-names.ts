import { capitalise, escapeText, truncate } from './mrkdwn.js';
import { MAX_SECTION_TEXT, context, section } from './message.js';
import type { SlackMessage } from './message.js';

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
export function renderNotFound(input: NameQuery & { suggestions: readonly NamedChoice[]; listHint: string }): SlackMessage {
  const intro = `I couldn't find a ${input.noun} called *${escapeText(truncate(input.query, 200))}*.`;
  if (input.suggestions.length === 0) return { text: intro, blocks: [section(intro), context(input.listHint)] };
  const list = input.suggestions.map((s) => `• \`${input.usage} ${escapeText(s.name)}\` (${s.label})`).join('\n');
  return {
    text: `${intro} Did you mean: ${input.suggestions.map((s) => s.name).join(', ')}?`,
    blocks: [section(truncate(`${intro} Did you mean:\n${list}`, MAX_SECTION_TEXT))],
  };
}

/** The answer when several share the name: each with what tells it apart and its id, so the person can pick. */
export function renderAmbiguous(input: NameQuery & { matches: readonly NamedChoice[] }): SlackMessage {
  const intro = `${input.matches.length} ${input.noun === 'sync or connection' ? 'syncs and connections' : `${input.noun}s`} are called *${escapeText(truncate(input.query, 200))}*. Pick one by id:`;
  const list = input.matches
    .slice(0, 20)
    .map((m) => `• ${capitalise(m.label)}${m.note ? ` (${m.note})` : ''}: \`${input.usage} ${escapeText(m.id)}\``)
    .join('\n');
  return { text: `${intro} ${input.matches.map((m) => m.id).join(', ')}`, blocks: [section(truncate(`${intro}\n${list}`, MAX_SECTION_TEXT))] };
}
