import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { WebhookStore } from '../../app/ports/webhook-store.js';
import { webhookConfigItemSchema } from '../../schemas/webhook-config-item.js';
import { WEBHOOK_CONFIG_KEY } from './ack-items.js';

const KEY = marshall(WEBHOOK_CONFIG_KEY);

// Stored in the table (encrypted at rest by DynamoDB), so `/polytomic webhook setup` can rotate it without a deploy.
export function createDynamoWebhookStore(client: DynamoDBClient, tableName: string): WebhookStore {
  return {
    async get(options = {}) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: KEY, ConsistentRead: true }), {
        abortSignal: options.signal,
      });
      return Item ? webhookConfigItemSchema.parse(unmarshall(Item)) : undefined;
    },
    async put(config) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...KEY, ...marshall(config, { removeUndefinedValues: true }) },
        }),
      );
    },
  };
}
