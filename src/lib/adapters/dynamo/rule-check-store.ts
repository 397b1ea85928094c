import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RuleCheck, RuleCheckStore } from '../../app/ports/rule-check-store.js';
import { ruleCheckItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { createLease } from './lease.js';

const KIND = 'RULECHECK';
const checkKey = (channelId: string, syncId: string) => ({ pk: `RULECHECK#${channelId}`, sk: syncId });
// A rule change racing a running check: each try reads the version again; more than a few means something is wrong.
const ARM_TRIES = 3;

/** Rule checks over the lease helper: due in `active-by-due` under RULECHECK until the watch loses its polled rules. */
export function createDynamoRuleCheckStore(client: DynamoDBClient, tableName: string): RuleCheckStore {
  const active = createActiveIndex(client, tableName, KIND);
  const lease = createLease(client, tableName, KIND);
  const read = async (channelId: string, syncId: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(checkKey(channelId, syncId)), ConsistentRead: true }),
    );
    return Item ? toCheck(unmarshall(Item)) : undefined;
  };

  return {
    async arm(target, now) {
      const key = checkKey(target.channelId, target.syncId);
      for (let i = 0; i < ARM_TRIES; i++) {
        const existing = await read(target.channelId, target.syncId);
        const { rules, syncName, syncKind } = target;
        if (!existing) {
          const attributes = { ...target, state: { armedAt: now } };
          if ((await lease.create(key, attributes, { dueAt: now })) === 'created') return;
          continue;
        }
        const changes = { rules, syncName, syncKind };
        if ((await lease.reschedule(key, { version: existing.version, now, at: now, changes })).won) return;
      }
      throw new Error(`rule check ${target.channelId}/${target.syncId} kept changing while its rules were set`);
    },
    async disarm(channelId, syncId) {
      for (let i = 0; i < ARM_TRIES; i++) {
        const existing = await read(channelId, syncId);
        if (!existing || (await lease.remove(checkKey(channelId, syncId), { version: existing.version }))) return;
      }
      throw new Error(`rule check ${channelId}/${syncId} kept changing while it was removed`);
    },
    due: async (now, limit) => (await active.due(now, limit)).map((item) => toCheck(unmarshall(item))),
    async claim(check, until, now) {
      const claimed = await lease.claim(checkKey(check.channelId, check.syncId), {
        version: check.version,
        now,
        until,
      });
      return claimed.won ? toCheck(claimed.item) : undefined;
    },
    async reschedule(held, state, at, now) {
      const key = checkKey(held.channelId, held.syncId);
      const written = await lease.reschedule(key, { version: held.version, now, at, changes: { state } });
      return written.won;
    },
  };
}

const toCheck = (item: Record<string, unknown>): RuleCheck => ruleCheckItemSchema.parse(item);
