import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { eventJob } from '../../src/lib/app/accept-polytomic-event.js';
import { runStreamedJobs } from '../../src/lib/app/stream-jobs.js';
import { DEFAULT_TIMING } from '../../src/lib/core/timing.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { visibleLines } from '../support/visible.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
let h: Harness;
afterEach(async () => h.close());

const failed = () => ({
  id: randomUUID(),
  type: 'sync.failed',
  organization_id: 'org',
  created_at: new Date(T0).toISOString(),
  event: {
    execution_id: randomUUID(),
    sync_id: SIMULATOR_IDS.syncs.ordersToSnowflake,
    sync_name: 'Orders to Snowflake',
    error: 'warehouse is suspended',
  },
});
/** The stream record DynamoDB sends for a new job item (NEW_IMAGE). */
const inserted = (jobId: string, kind: string): DynamoDBStreamEvent => ({
  Records: [
    {
      eventName: 'INSERT',
      dynamodb: { Keys: { pk: { S: `JOB#${jobId}` } }, NewImage: { kind: { S: kind } }, SequenceNumber: '1' },
    },
  ],
});

describe('an alert by webhook does not wait for the poller', () => {
  it('is posted by the stream worker once the grouping window closes, with no poll tick', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    await h.command('watch Orders to Snowflake');
    await h.settle();
    const event = failed();
    expect((await h.deliver(event)).status).toBe(200);
    await h.settle();
    expect(h.posted()).toEqual([]);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      h.clock.advance(ms);
    };
    await runStreamedJobs({ ...h.worker, sleep }, inserted(eventJob(event, T0).id, 'polytomic_event'));
    expect(waits).toEqual([DEFAULT_TIMING.alertBatchMs]);
    expect(h.posted().map((m) => visibleLines(m)[1])).toEqual(['> warehouse is suspended']);
  });

  it('waits for nothing after a batch of Slack requests', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    const waits: number[] = [];
    await runStreamedJobs(
      { ...h.worker, sleep: async (ms) => void waits.push(ms) },
      inserted(randomUUID(), 'slack_command'),
    );
    expect(waits).toEqual([]);
  });

  it('catches up at every scheduled invocation, even one whose first tick comes a little earlier in its minute', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    expect((await h.tick()).catchup).toMatchObject({ read: 0 });
    h.clock.advance(60_000 - 300);
    expect((await h.tick()).catchup).toMatchObject({ read: 0 });
    h.clock.advance(30_000);
    expect((await h.tick()).catchup).toBe('not_due');
  });
});
