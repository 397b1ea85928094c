import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsJsonApi, Transport } from '../src/lib/adapters/aws/aws-json-api.js';
import { createAwsJsonApi, httpTransport, localDynamoAccess } from '../src/lib/adapters/aws/aws-json-api.js';
import { createDynamoClient } from '../src/lib/adapters/dynamo/client.js';
import { ensureTable } from '../src/lib/adapters/dynamo/table.js';
import type { Engine } from '../test/support/dynamo.js';

export { startDynamoDbLocal } from '../src/local/dynamodb-local.js';

/**
 * A client on a new table, and the acknowledgement's own signed API on it, counting every request either sends
 * (the figure DynamoDB bills by).
 */
export async function countedTable(endpoint: string): Promise<{
  client: DynamoDBClient;
  dynamodb: AwsJsonApi;
  endpoint: string;
  tableName: string;
  requests: () => number;
  reset(): void;
}> {
  const client = createDynamoClient({ endpoint, requestTimeoutMs: 10_000 });
  const tableName = `bench-${randomUUID()}`;
  await ensureTable(client, tableName, { expireItems: false });
  let count = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      count++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const counting: Transport = (request, signal) => {
    count++;
    return httpTransport(request, signal);
  };
  const dynamodb = createAwsJsonApi('dynamodb', {
    ...localDynamoAccess(endpoint),
    attemptTimeoutMs: 10_000,
    transport: counting,
  });
  return { client, dynamodb, endpoint, tableName, requests: () => count, reset: () => (count = 0) };
}

type CountedTable = Awaited<ReturnType<typeof countedTable>>;

/** The table as an engine opens one for the harness: closing it destroys its client. */
export const opened = (table: CountedTable) => ({
  client: table.client,
  dynamodb: table.dynamodb,
  endpoint: table.endpoint,
  tableName: table.tableName,
  close: async () => table.client.destroy(),
});

/** An engine that hands the harness this one counted table. */
export const engineOn = (table: CountedTable): Engine => ({ name: 'DynamoDB Local', open: async () => opened(table) });

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const summarise = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
};
