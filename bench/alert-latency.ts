import { performance } from 'node:perf_hooks';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { jobIdFor } from '../src/lib/app/accept-slack-request.js';
import { pollWhileBusy } from '../src/lib/app/poll.js';
import { runStreamedJobs } from '../src/lib/app/stream-jobs.js';
import { DEFAULT_TIMING } from '../src/lib/core/timing.js';
import { eventSchema } from '../src/lib/schemas/polytomic-event.js';
import type { Engine } from '../test/support/dynamo.js';
import type { Harness } from '../test/support/harness.js';
import { POLYTOMIC_KEY, startHarness } from '../test/support/harness.js';
import { summarise } from './support.js';

const ROUNDS = 40;
const MINUTE = 60_000;
// The deployed poll schedule (serverless.yml `rate(1 minute)`, src/handlers/poll.ts): an invocation each
// minute that ticks every 5 s (after the previous tick ends) while work is pending, for at most 50 s.
const INVOCATION_MS = 50_000;

/**
 * Simulated time that also runs with real time: every request the real code makes (DynamoDB Local, the
 * simulators over HTTP) takes the time it really takes, and the waits the deployed system would sit through
 * (Lambda's schedule, the grouping window) are jumped over.
 */
function liveClock(start: number) {
  let base = start;
  let mark = performance.now();
  const now = () => base + (performance.now() - mark);
  return {
    now,
    advance: (ms: number) => {
      base += ms;
    },
    set: (ms: number) => {
      base = ms;
      mark = performance.now();
    },
  };
}

/** A small deterministic generator, so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Failure delivered → alert posted, three ways, each round a new sync failing at a random moment of the minute:
 * (a) by the signed webhook, the stream worker posting once the grouping window closes (as deployed);
 * (a′) by the webhook with only the poller to post (the design before the worker posted: for comparison);
 * (b) by the event catch-up alone (Polytomic never delivers), on the deployed poll schedule.
 * Real code throughout: the HTTP app, the job, the catch-up's `GET /api/events`, the flush, the posts, on
 * DynamoDB and the simulators. What is not real is the waiting: EventBridge's minute, Lambda's sleeps and
 * the stream's hand-over (taken as instant; AWS adds its own, typically well under a second).
 */
export async function benchAlertLatency(engine: Engine) {
  const clock = liveClock(Date.parse('2026-11-23T10:00:00Z'));
  const h = await startHarness({ engine, clock, configuredWebhookSecret: false });
  await h.command('webhook setup');
  await h.command('watch all');
  await h.settle();
  const syncs = h.polytomic.addModelSyncs(3 * ROUNDS, 'Bench sync');
  const rng = random(7);
  // The catch-up's cursor is created by a first read, as on any running install.
  await h.tick();

  const byWebhook: number[] = [];
  const byPollerOnly: number[] = [];
  const byCatchup: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    byWebhook.push(await webhookRound(h, clock, syncs[3 * round]!, rng));
    byPollerOnly.push(await scheduledRound(h, clock, syncs[3 * round + 1]!, rng, 'webhook'));
    byCatchup.push(await scheduledRound(h, clock, syncs[3 * round + 2]!, rng, 'catch-up'));
  }
  await h.close();
  return {
    webhook: summarise(byWebhook),
    pollerOnly: summarise(byPollerOnly),
    catchup: summarise(byCatchup),
    timing: { alertBatchMs: DEFAULT_TIMING.alertBatchMs, tickMs: DEFAULT_TIMING.refreshCheckIntervalMs },
  };
}

type LiveClock = ReturnType<typeof liveClock>;

/** The sync's run fails at a random moment of the next minute (and the clock moves just past it). */
function failAtRandom(h: Harness, clock: LiveClock, syncId: string, rng: () => number): void {
  const failsAt = (Math.floor(clock.now() / MINUTE) + 1) * MINUTE + 1_000 + Math.floor(rng() * (MINUTE - 1_000));
  clock.set(failsAt - 1_000);
  h.polytomic.runNow(syncId, { result: 'failed', error: 'warehouse is suspended', durationMs: 1_000 });
  // The run started a hair after the set time (the live clock moves on): a few ms on, it has ended.
  clock.set(failsAt + 5);
}

/** When the sync's failure alert reached Slack (the simulated Slack's clock), if it has. */
function alertAt(h: Harness, syncId: string): number | undefined {
  const name = h.polytomic.syncs.find((s) => s.id === syncId)?.name;
  return h.posted().find((m) => !m.threadTs && m.text?.includes(`*${name}*`) && m.text.includes('failed'))?.at;
}

/** (a) The webhook delivery, its job, then the stream worker's wait for the window and its flush. */
async function webhookRound(h: Harness, clock: LiveClock, syncId: string, rng: () => number): Promise<number> {
  failAtRandom(h, clock, syncId, rng);
  const deliveries = await h.polytomic.deliverEvents({ fetch: h.appFetch });
  await h.settle();
  const batch: DynamoDBStreamEvent = {
    Records: deliveries.map((d) => ({
      eventName: 'INSERT',
      dynamodb: {
        Keys: { pk: { S: `JOB#${jobIdFor(`polytomic-event:${d.eventId}`)}` } },
        NewImage: { kind: { S: 'polytomic_event' } },
      },
    })),
  };
  await runStreamedJobs({ ...h.worker, sleep: async (ms) => clock.advance(ms) }, batch);
  return delay(h, syncId);
}

/** (a′) and (b): scheduled poll invocations, from the first minute after the failure, until the alert is posted. */
async function scheduledRound(
  h: Harness,
  clock: LiveClock,
  syncId: string,
  rng: () => number,
  path: 'webhook' | 'catch-up',
): Promise<number> {
  failAtRandom(h, clock, syncId, rng);
  if (path === 'webhook') {
    await h.polytomic.deliverEvents({ fetch: h.appFetch });
    await h.settle();
  } else {
    // Delivered somewhere that is not the bot: lost, as Polytomic's at-most-once delivery may lose it.
    await h.polytomic.deliverEvents({ fetch: async () => new Response('{}', { status: 200 }) });
  }
  const from = clock.now();
  for (let invocation = Math.ceil(from / MINUTE) * MINUTE; !alertAt(h, syncId); invocation += MINUTE) {
    if (invocation - from > 10 * MINUTE) throw new Error(`no alert for ${syncId} after 10 minutes`);
    clock.set(invocation);
    await pollWhileBusy(h.worker, {
      stopAt: invocation + INVOCATION_MS,
      intervalMs: DEFAULT_TIMING.refreshCheckIntervalMs,
      sleep: async (ms) => clock.advance(ms),
    });
  }
  return delay(h, syncId);
}

/** From the failure, as Polytomic's event dates it, to the alert reaching Slack. */
async function delay(h: Harness, syncId: string): Promise<number> {
  const at = alertAt(h, syncId);
  if (at === undefined) throw new Error(`no alert posted for ${syncId}`);
  return at - Date.parse((await failureEvent(h, syncId)).created_at);
}

/** The failure event as Polytomic lists it (what the job id derives from). */
async function failureEvent(h: Harness, syncId: string) {
  const since = new Date(h.clock.now() - 10 * MINUTE).toISOString();
  const response = await h.polytomic.fetch(`/api/events?starting_after=${encodeURIComponent(since)}&limit=100`, {
    headers: { authorization: `Bearer ${POLYTOMIC_KEY}` },
  });
  const { data } = (await response.json()) as { data: unknown[] };
  const event = data
    .map((e) => eventSchema.parse(e))
    .find((e) => e.event?.sync_id === syncId && e.type === 'sync.failed');
  if (!event) throw new Error(`Polytomic lists no failure of ${syncId}`);
  return event;
}
