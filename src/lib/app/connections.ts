import type { Connection } from '../core/connection.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { connectionChoice, renderConnectionCard, renderConnectionList } from '../core/render-connection.js';
import { renderAmbiguous, renderNotFound } from '../core/render-names.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';

/** A connection found by name or id, or the message that says why not. */
export async function findConnection(
  polytomic: PolytomicApi,
  query: string,
  command: { name: string; verb: 'refresh' | 'connection' },
): Promise<{ connection: Connection } | { message: SlackMessage }> {
  const match = matchName(await polytomic.listConnections(), query);
  const usage = `${command.name} ${command.verb}`;
  if (match.kind === 'found') return { connection: match.item };
  if (match.kind === 'ambiguous')
    return {
      message: renderAmbiguous({ noun: 'connection', query, usage, matches: match.items.map(connectionChoice) }),
    };
  return {
    message: renderNotFound({
      noun: 'connection',
      query,
      usage,
      suggestions: match.suggestions.map(connectionChoice),
      listHint: `Use \`${command.name} connection\` to see every connection.`,
    }),
  };
}

/** `/polytomic connection [name]`: one connection's card, or every connection with its health. */
export async function lookUpConnection(
  polytomic: PolytomicApi,
  query: string,
  commandName: string,
): Promise<SlackMessage> {
  if (query === '') return renderConnectionList(await polytomic.listConnections(), commandName);
  const found = await findConnection(polytomic, query, { name: commandName, verb: 'connection' });
  if ('message' in found) return found.message;
  return connectionCard(polytomic, found.connection.id);
}

/** A connection's card as it stands now: its health, its schema cache, what it offers as a model sync source. */
export async function connectionCard(polytomic: PolytomicApi, id: string): Promise<SlackMessage> {
  const [connection, schema, modelSource] = await Promise.all([
    polytomic.getConnection(id),
    polytomic.getSchemaStatus(id),
    // Not every connection can be a model sync source; Polytomic refuses those with a 4xx.
    polytomic.getModelSyncSource(id).catch((error: unknown) => {
      if (error instanceof PolytomicError && !error.transient) return undefined;
      throw error;
    }),
  ]);
  return renderConnectionCard({ connection, schema, modelSource });
}
