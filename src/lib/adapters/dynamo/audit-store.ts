import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AUDIT_KEEP_DAYS } from '../../core/audit.js';
import type { AuditEntry } from '../../core/audit.js';
import { auditItemSchema } from '../../schemas/items.js';
import { batchWrite } from './batch-write.js';

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts, when there is one. */
  before?: string;
}

/** The audit trail: every change through the bot, newest first, per target or across all of them. */
export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  list(input: { targetId?: string; before?: string; limit: number }): Promise<AuditPage>;
}

const ALL = 'AUDIT#ALL';
const partition = (targetId?: string) => (targetId ? `AUDIT#${targetId}` : ALL);
// Sorts by time, then job, so entries of the same millisecond stay distinct and in a stable order.
const sortKey = (entry: Pick<AuditEntry, 'at' | 'jobId'>) => `${new Date(entry.at).toISOString()}#${entry.jobId}`;

export function createDynamoAuditStore(client: DynamoDBClient, tableName: string): AuditStore {
  return {
    async record(entry) {
      const body = { ...entry, expiresAt: Math.floor(entry.at / 1000) + AUDIT_KEEP_DAYS * 86_400 };
      // Two copies (per target and across all) keep both listings a single Query; keys derive from the
      // job, so a retried job rewrites the same two items rather than adding entries.
      await batchWrite(
        client,
        tableName,
        [partition(entry.target.id), ALL].map((pk) => ({ PutRequest: { Item: marshall({ pk, sk: sortKey(entry), ...body }, { removeUndefinedValues: true }) } })),
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
      const last = entries.at(-1);
      return { entries, before: LastEvaluatedKey && last ? sortKey(last) : undefined };
    },
  };
}
