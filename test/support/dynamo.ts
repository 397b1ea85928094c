import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDynamoClient } from '../../src/lib/adapters/dynamo/client.js';
import { ensureTable } from '../../src/lib/adapters/dynamo/table.js';
import { startDynalite } from '../../src/local/dynalite.js';

export interface Engine {
  name: string;
  /** A client on a new, empty table, and a function to release both. */
  open(): Promise<{ client: DynamoDBClient; tableName: string; close(): Promise<void> }>;
}

/** AWS's own DynamoDB Local (started once by the global setup). */
export const dynamoDbLocal: Engine = {
  name: 'DynamoDB Local',
  async open() {
    const client = createDynamoClient({ endpoint: inject('dynamoDbLocalEndpoint'), requestTimeoutMs: 5_000 });
    const tableName = `t-${randomUUID()}`;
    await ensureTable(client, tableName, { expireItems: false });
    return { client, tableName, close: async () => client.destroy() };
  },
};

/** dynalite in-process: the local run's default store. */
export const dynalite: Engine = {
  name: 'dynalite',
  async open() {
    const server = await startDynalite();
    const client = createDynamoClient({ endpoint: server.endpoint, requestTimeoutMs: 5_000 });
    const tableName = `t-${randomUUID()}`;
    await ensureTable(client, tableName, { expireItems: false });
    return {
      client,
      tableName,
      close: async () => {
        client.destroy();
        await server.close();
      },
    };
  },
};

export const engines: Engine[] = [dynamoDbLocal, dynalite];
