import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../src/lib/adapters/dynamo/client.js';
import { startSilentServer } from '../../support/servers.js';

describe('the DynamoDB client', () => {
  it('gives up on a DynamoDB that never answers once its deadlines pass, instead of waiting on', async () => {
    const silent = await startSilentServer();
    const client = createDynamoClient({ endpoint: silent.origin, requestTimeoutMs: 200 });
    try {
      const read = client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' }, sk: { S: 'y' } } }));
      await expect(read).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      client.destroy();
      await silent.close();
    }
  });
});
