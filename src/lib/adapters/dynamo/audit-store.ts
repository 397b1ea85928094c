import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditStore } from '../../app/ports/audit-store.js';
import type { AuditEntry } from '../../core/audit.js';
import { AUDIT_KEEP_DAYS, CHANGE_CLAIM_KEEP_HOURS } from '../../core/audit.js';
import { ConditionFailedError } from '../../errors.js';
import { auditItemSchema, changeClaimItemSchema } from '../../schemas/items.js';
import { batchWrite } from './batch-write.js';
import type { ItemKey } from './versioned-update.js';
import { putIfAbsent } from './versioned-update.js';

const ALL = 'AUDIT#ALL';
const claimItemKey = (key: string): ItemKey => ({ pk: `CLAIM#${key}`, sk: 'CLAIM' });
const claimKey = (key: string) => marshall(claimItemKey(key));
const partition = (targetId?: string) => (targetId ? `AUDIT#${targetId}` : ALL);
// Sorts by time, then job, then target: entries of the same millisecond stay distinct and in a stable order, and
// one job changing several targets (I'm on it on a grouped alert) keeps an entry for each in the ALL copy too.
// Entries written before the target was part of it end at the job; the cursor is the last key as stored.
const sortKey = (entry: Pick<AuditEntry, 'at' | 'jobId' | 'target'>) =>
  `${new Date(entry.at).toISOString()}#${entry.jobId}#${entry.target.id}`;

export function createDynamoAuditStore(client: DynamoDBClient, tableName: string): AuditStore {
  return {
    async record(entry) {
      const body = { ...entry, expiresAt: Math.floor(entry.at / 1000) + AUDIT_KEEP_DAYS * 86_400 };
      // Two copies (per target and across all) keep both listings a single Query; keys derive from the
      // job, so a retried job rewrites the same two items rather than adding entries.
      await batchWrite(
        client,
        tableName,
        [partition(entry.target.id), ALL].map((pk) => ({
          PutRequest: { Item: marshall({ pk, sk: sortKey(entry), ...body }, { removeUndefinedValues: true }) },
        })),
      );
    },

    async list({ targetId, before, limit }) {
      const { Items = [], LastEvaluatedKey } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': partition(targetId), ...(before ? { ':before': before } : {}) }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      const entries = Items.map((item) => auditItemSchema.parse(unmarshall(item)));
      return { entries, before: LastEvaluatedKey ? String(unmarshall(LastEvaluatedKey).sk) : undefined };
    },

    async claimChange(key, claimant) {
      const expiresAt = Math.floor(claimant.at / 1000) + CHANGE_CLAIM_KEEP_HOURS * 3_600;
      if (await putIfAbsent(client, tableName, { ...claimItemKey(key), ...claimant, expiresAt }))
        return { claim: claimant, created: true };
      // Read consistently: the claim that beat ours may be milliseconds old.
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: claimKey(key), ConsistentRead: true }),
      );
      if (!Item) throw new ConditionFailedError(`change claim ${key} (gone after a failed claim)`);
      const { jobId, userId, at, outcome, executionId } = changeClaimItemSchema.parse(unmarshall(Item));
      return { claim: { jobId, userId, at, outcome, executionId }, created: false };
    },

    async settleChange(key, jobId, { outcome, executionId }) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: claimKey(key),
            ConditionExpression: 'jobId = :jobId',
            UpdateExpression: executionId
              ? 'SET outcome = :outcome, executionId = :executionId'
              : 'SET outcome = :outcome REMOVE executionId',
            ExpressionAttributeValues: marshall({
              ':jobId': jobId,
              ':outcome': outcome,
              ...(executionId ? { ':executionId': executionId } : {}),
            }),
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConditionFailedError(`change claim ${key} (owned by another job)`, { cause: error });
        throw error;
      }
    },

    async releaseChange(key, jobId) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: claimKey(key),
            // A settled claim records a change that happened: it is never given back.
            ConditionExpression: 'jobId = :jobId AND attribute_not_exists(outcome)',
            ExpressionAttributeValues: marshall({ ':jobId': jobId }),
          }),
        );
      } catch (error) {
        // Gone already (the owner's retry released it), another job's since, or settled: nothing to give up.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
