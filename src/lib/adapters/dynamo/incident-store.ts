import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { IncidentStore } from '../../app/ports/incident-store.js';
import type { Incident, IncidentFields } from '../../core/incident.js';
import { incidentDueAt, incidentExpiresAt } from '../../core/incident.js';
import { ConditionFailedError } from '../../errors.js';
import { incidentItemSchema } from '../../schemas/items.js';
import { createActiveIndex } from './active-index.js';
import { createLease } from './lease.js';
import { queryPartition } from './query-partition.js';
import { putIfAbsent } from './versioned-update.js';

const KIND = 'INCIDENT';
const key = (channelId: string, syncId: string) => ({ pk: `INCIDENT#${channelId}`, sk: syncId });

// Every field, so a field the next state leaves out is removed rather than kept from the last one.
const FIELDS: readonly (keyof IncidentFields)[] = [
  'channelId',
  'syncId',
  'syncName',
  'syncKind',
  'threadTs',
  'permalink',
  'alert',
  'notify',
  'openedAt',
  'owner',
  'releasedBy',
  'remindUnownedAt',
  'unownedReminded',
  'snooze',
  'recoveredAt',
  'closedAs',
];

const read = (item: Record<string, unknown>): Incident => incidentItemSchema.parse(item);

export function createDynamoIncidentStore(client: DynamoDBClient, tableName: string): IncidentStore {
  const active = createActiveIndex(client, tableName, KIND);
  const lease = createLease(client, tableName, KIND);

  return {
    async get(channelId, syncId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(key(channelId, syncId)), ConsistentRead: true }),
      );
      return Item ? read(unmarshall(Item)) : undefined;
    },
    async ofChannel(channelId) {
      const items = await queryPartition(client, tableName, key(channelId, '').pk);
      return items.map((item) => read(unmarshall(item)));
    },
    async save(previous, next, now) {
      const itemKey = key(next.channelId, next.syncId);
      const dueAt = incidentDueAt(next);
      const what = `incident ${next.channelId}/${next.syncId}`;
      // The TTL is written with every save, so the item goes once its story is over and stays while anything is pending.
      const attributes = {
        ...Object.fromEntries(FIELDS.map((field) => [field, next[field]])),
        expiresAt: incidentExpiresAt(next, now),
      };
      if (!previous) {
        // With no timer pending it is written outside the index (no `activeKind`), never handed to the poller.
        const created =
          dueAt === undefined
            ? await putIfAbsent(client, tableName, { ...itemKey, ...attributes, version: 0, updatedAt: now })
            : (await lease.create(itemKey, attributes, { dueAt })) === 'created';
        if (!created) throw new ConditionFailedError(what);
        return { ...next, version: 0 };
      }
      const input = { version: previous.version, now, changes: attributes };
      const written =
        dueAt === undefined
          ? await lease.release(itemKey, input)
          : await lease.reschedule(itemKey, { ...input, at: dueAt });
      if (!written.won) throw new ConditionFailedError(what);
      return read(written.item);
    },
    async due(now, limit) {
      return (await active.due(now, limit)).map((item) => read(unmarshall(item)));
    },
    async claim(incident, until, now) {
      const claimed = await lease.claim(key(incident.channelId, incident.syncId), {
        version: incident.version,
        now,
        until,
      });
      return claimed.won ? read(claimed.item) : undefined;
    },
  };
}
