import type { JobStore } from '../../app/ports/job-store.js';
import type { WebhookStore } from '../../app/ports/webhook-store.js';
import { webhookConfigItemSchema } from '../../schemas/webhook-config-item.js';
import { newJobItem, WEBHOOK_CONFIG_KEY } from '../dynamo/ack-items.js';
import type { AttributeValue } from '../dynamo/attribute-values.js';
import { fromItem, toItem } from '../dynamo/attribute-values.js';
import type { AwsJsonApi } from './aws-json-api.js';
import { AwsCallError } from './aws-json-api.js';

/** The part of the job store the acknowledgement uses: recording a new job, once. */
export type JobRecorder = Pick<JobStore, 'create'>;
/** The part of the webhook store the acknowledgement uses: reading the secrets deliveries are signed with. */
export type WebhookReader = Pick<WebhookStore, 'get'>;

/** The job write as the SDK store makes it (same item, same condition), through the signed DynamoDB API (no SDK). */
export function createAckJobRecorder(dynamodb: AwsJsonApi, tableName: string): JobRecorder {
  return {
    async create(job, options = {}) {
      try {
        await dynamodb.call(
          'PutItem',
          { TableName: tableName, Item: toItem(newJobItem(job)), ConditionExpression: 'attribute_not_exists(pk)' },
          { signal: options.signal },
        );
        return 'created';
      } catch (error) {
        // The job is there already: Slack or Polytomic delivered the same request again.
        if (error instanceof AwsCallError && error.code === 'ConditionalCheckFailedException') return 'duplicate';
        throw error;
      }
    },
  };
}

/** The webhook secrets' item, read consistently, through the signed DynamoDB API (no SDK). */
export function createAckWebhookReader(dynamodb: AwsJsonApi, tableName: string): WebhookReader {
  return {
    async get(options = {}) {
      const { Item } = await dynamodb.call<{ Item?: Record<string, AttributeValue> }>(
        'GetItem',
        { TableName: tableName, Key: toItem(WEBHOOK_CONFIG_KEY), ConsistentRead: true },
        { signal: options.signal },
      );
      return Item ? webhookConfigItemSchema.parse(fromItem(Item)) : undefined;
    },
  };
}
