import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { AwsJsonApi } from '../../src/lib/adapters/aws/aws-json-api.js';
import { createAwsJsonApi, localDynamoAccess } from '../../src/lib/adapters/aws/aws-json-api.js';
import { createDynamoClient } from '../../src/lib/adapters/dynamo/client.js';
import { ensureTable } from '../../src/lib/adapters/dynamo/table.js';
import { startDynalite } from '../../src/local/dynalite.js';

export interface Engine {
  name: string;
  /** A client on a new, empty table, and a function to release both. */
  open(): Promise<OpenTable>;
}

export interface OpenTable {
  client: DynamoDBClient;
  /** The same engine through the acknowledgement's signed path (no SDK) instead of the SDK. */
  dynamodb: AwsJsonApi;
  endpoint: string;
  tableName: string;
  close(): Promise<void>;
}

/** The acknowledgement's signed DynamoDB API (no SDK) on an engine, with the SDK client's deadlines. */
const signedApi = (endpoint: string) =>
  createAwsJsonApi('dynamodb', { ...localDynamoAccess(endpoint), attemptTimeoutMs: 5_000 });

/** AWS's own DynamoDB Local (started once by the global setup). */
export const dynamoDbLocal: Engine = {
  name: 'DynamoDB Local',
  async open() {
    const endpoint = inject('dynamoDbLocalEndpoint');
    const client = createDynamoClient({ endpoint, requestTimeoutMs: 5_000 });
    const tableName = `t-${randomUUID()}`;
    await ensureTable(client, tableName, { expireItems: false });
    return { client, dynamodb: signedApi(endpoint), endpoint, tableName, close: async () => client.destroy() };
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
      dynamodb: signedApi(server.endpoint),
      endpoint: server.endpoint,
      tableName,
      close: async () => {
        client.destroy();
        await server.close();
      },
    };
  },
};

export const engines: Engine[] = [dynamoDbLocal, dynalite];
