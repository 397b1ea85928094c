import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from '../../schemas/zod.js';

/** The organisation's webhook as the bot registered it; the secret verifies deliveries. */
export interface WebhookConfig {
  webhookId: string;
  endpoint: string;
  secret: string;
  /** The secret before the last rotation, accepted for `PREVIOUS_SECRET_MS` after it: deliveries already signed with it must not be lost. */
  previousSecret?: string;
  createdBy: string;
  createdAt: number;
}

const configSchema = z.object({
  webhookId: z.string(),
  endpoint: z.string(),
  secret: z.string().check(z.minLength(1)),
  previousSecret: z.optional(z.string()),
  createdBy: z.string(),
  createdAt: z.number(),
});
const KEY = marshall({ pk: 'CONFIG#WEBHOOK', sk: 'CURRENT' });

export interface WebhookStore {
  /** `signal` abandons the read, retries included. */
  get(options?: { signal?: AbortSignal }): Promise<WebhookConfig | undefined>;
  put(config: WebhookConfig): Promise<void>;
}

// Stored in the table (encrypted at rest by DynamoDB), so `/polytomic webhook setup` can rotate it without a deploy.
export function createDynamoWebhookStore(client: DynamoDBClient, tableName: string): WebhookStore {
  return {
    async get(options = {}) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: KEY, ConsistentRead: true }), {
        abortSignal: options.signal,
      });
      return Item ? configSchema.parse(unmarshall(Item)) : undefined;
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

/** Long enough for deliveries signed before a rotation to arrive; short enough that a replaced secret stops working. */
export const PREVIOUS_SECRET_MS = 15 * 60_000;
