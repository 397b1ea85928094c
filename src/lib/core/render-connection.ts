import type { KnownBlock } from '@slack/types';
import { connectionValue, REFRESH_ACTION_ID } from './buttons.js';
import type { Connection } from './connection.js';
import type { SlackMessage } from './message.js';
import {
  context,
  header,
  MAX_BLOCKS,
  MAX_FALLBACK_TEXT,
  MAX_FIELD_TEXT,
  MAX_SECTION_TEXT,
  packLines,
  section,
} from './message.js';
import { escapeCode, escapeText, formatCount, slackDate, truncate } from './mrkdwn.js';
import type { SchemaStatus } from './refresh.js';
import type { NamedChoice } from './render-names.js';
import { stateIcon } from './sync-state.js';

const healthy = (connection: Connection) => connection.status === 'healthy';
// A connection shares the sync states' colours: green when healthy, red otherwise.
const healthText = (connection: Connection) =>
  healthy(connection) ? `${stateIcon('completed')} healthy` : `${stateIcon('failed')} ${escapeText(connection.status)}`;

/** How a connection is told apart from another of the same name. */
export function connectionChoice(connection: Connection): NamedChoice {
  return {
    id: connection.id,
    name: connection.name,
    label: connection.typeName ? `${connection.typeName} connection` : 'connection',
    note: healthy(connection) ? undefined : connection.status,
  };
}

/** A connection at a glance: health, usage, schema cache, what it offers as a model sync source, and a refresh button. */
export function renderConnectionCard(input: {
  connection: Connection;
  schema?: SchemaStatus;
  modelSource?: { configurationKeys: string[]; requiresOneOf: string[] };
}): SlackMessage {
  const { connection, schema, modelSource } = input;
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${label}*\n${value}`, MAX_FIELD_TEXT),
  });
  const blocks: KnownBlock[] = [
    header(connection.name, 'Unnamed connection'),
    {
      type: 'section',
      fields: [
        field('Type', escapeText(connection.typeName ?? 'Unknown')),
        field('Health', healthText(connection)),
        field(
          'API calls, last 24 h',
          connection.apiCallsLast24h === undefined ? 'Not reported' : formatCount(connection.apiCallsLast24h),
        ),
        field('Schema cache', schema?.cacheStatus ? `\`${escapeCode(schema.cacheStatus)}\`` : 'Unknown'),
        field('Last refresh started', slackDate(schema?.lastRefreshStarted) ?? 'Never'),
        field('Last refresh finished', slackDate(schema?.lastRefreshFinished) ?? 'Never'),
      ],
    },
  ];
  if (connection.statusError)
    blocks.push(section(truncate(`*Error*\n> ${escapeText(connection.statusError)}`, MAX_SECTION_TEXT)));
  blocks.push(section(describeModelSource(modelSource)));
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Refresh schema' },
        action_id: REFRESH_ACTION_ID,
        value: connectionValue(connection.id),
        ...(healthy(connection) ? { style: 'primary' as const } : {}),
      },
    ],
  });
  blocks.push(context(`Connection \`${escapeCode(connection.id)}\``));
  return {
    text: truncate(`${escapeText(connection.name)}: ${escapeText(connection.status)}`, MAX_FALLBACK_TEXT),
    blocks,
  };
}

function describeModelSource(source: { configurationKeys: string[]; requiresOneOf: string[] } | undefined): string {
  if (!source) return '*As a model sync source*\nNot available for this connection.';
  const keys = source.configurationKeys.length
    ? source.configurationKeys.map((k) => `\`${escapeCode(k)}\``).join(', ')
    : 'none';
  const oneOf = source.requiresOneOf.length
    ? source.requiresOneOf.map((k) => `\`${escapeCode(k)}\``).join(' or ')
    : 'nothing';
  return truncate(`*As a model sync source*\nConfiguration keys: ${keys}\nRequires one of: ${oneOf}`, MAX_SECTION_TEXT);
}

const OVERVIEW_MAX_ROWS = 40;

/** Every connection with its health, unhealthy first; past 40 the rest are counted. */
export function renderConnectionList(connections: readonly Connection[], command: string): SlackMessage {
  if (connections.length === 0)
    return {
      text: 'There are no connections in this Polytomic organisation yet.',
      blocks: [section('There are no connections in this Polytomic organisation yet.')],
    };
  const ranked = [...connections].sort(
    (a, b) => Number(healthy(a)) - Number(healthy(b)) || a.name.localeCompare(b.name),
  );
  const unhealthy = ranked.filter((c) => !healthy(c)).length;
  const summary = `*${connections.length} connection${connections.length === 1 ? '' : 's'}* · ${unhealthy} unhealthy`;
  const lines = ranked.slice(0, OVERVIEW_MAX_ROWS).map((c) => {
    const error = c.statusError ? `: ${escapeText(truncate(c.statusError, 120))}` : '';
    return `${healthText(c)} · *${escapeText(truncate(c.name, 120))}*${c.typeName ? ` · ${escapeText(c.typeName)}` : ''}${healthy(c) ? '' : error}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Polytomic connections' } },
    section(summary),
  ];
  blocks.push(...packLines(lines, MAX_BLOCKS - 3).map((s) => section(s.text)));
  const hidden = ranked.length - lines.length;
  blocks.push(
    context(
      `${hidden > 0 ? `…and ${hidden} more not shown. ` : ''}\`${command} connection <name>\` shows one; \`${command} refresh <name>\` refreshes its schema.`,
    ),
  );
  return { text: `Polytomic connections: ${summary.replace(/\*/g, '')}`, blocks };
}
