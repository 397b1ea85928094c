import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createDynamoClient } from '../../src/lib/adapters/dynamo/client.js';
import { ensureTable } from '../../src/lib/adapters/dynamo/table.js';
import { GROUP_ALERT_ACTIONS, GROUP_ALERT_VALUE, INCIDENT_ACTIONS, SYNC_ACTIONS } from '../../src/lib/core/buttons.js';
import { scaleTiming } from '../../src/lib/core/timing.js';
import { startDynamoDbLocal } from '../../src/local/dynamodb-local.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import type { SimulatorsState } from '../../src/local/simulators-control.js';
import { visibleText } from '../support/visible.js';
import type { Outcome, Row } from './matrix.js';
import { formatMatrix, judge } from './matrix.js';
import type { Stack } from './stack.js';
import { current, posts, responses, sleep, startStack, TIME_SCALE } from './stack.js';

// The fault matrix of issue 11: the bot killed (SIGKILL) between "Slack or Polytomic accepted" and "the bot
// recorded it", restarted on the same table, must leave exactly one of every message and every change.

const CHANNEL = 'C0DATA';
const CONNECTION = { id: SIMULATOR_IDS.connections.productionPostgres, name: 'Production Postgres (read replica)' };
const WATCHED = 'Fault sync 1';
const SLACK_POST = { method: 'POST', path: '/_sim/slack/api/chat.postMessage' };
/** The bot's Slack deadline at the suite's TIME_SCALE (0.5 s); the slow Slack answers well after it and its retries. */
const SLACK_DEADLINE_MS = scaleTiming(TIME_SCALE).slackTimeoutMs;
const SLOW_SLACK_MS = 2_000;
/** Scenarios at once: each runs two node processes, and the machine has two cores; the digest one mostly waits. */
const PARALLEL = 3;

let dynamo: { endpoint: string; stop(): void };
let dbPath: string;
const rows: Row[] = [];
const order: string[] = [];

beforeAll(async () => {
  dbPath = mkdtempSync(join(tmpdir(), 'fault-dynamo-'));
  dynamo = await startDynamoDbLocal({ dbPath });
  // A cold Java answers its first requests slowly, past the bot's 500 ms connection deadline.
  const client = createDynamoClient({ endpoint: dynamo.endpoint, requestTimeoutMs: 30_000 });
  await ensureTable(client, 'fault-warm-up');
  client.destroy();
}, 120_000);

afterAll(() => {
  dynamo?.stop();
  if (dbPath) rmSync(dbPath, { recursive: true, force: true });
  process.stdout.write(
    `\nFault matrix (TIME_SCALE ${TIME_SCALE}, ${rows.length} of ${order.length} scenarios):\n${formatMatrix(rows, order)}\n`,
  );
});

describe('the bot killed or kept waiting at each point between "accepted" and "recorded"', () => {
  // First: it waits for the clock's next minute, mostly idle, while the others take the remaining slots.
  scenario('digest', 'killed after Slack accepted', async (stack) => {
    // The next whole minute, or the one after when this one is nearly over: the bot must read it as later today.
    const at = new Date(Date.now() + (new Date().getUTCSeconds() >= 50 ? 120_000 : 60_000));
    const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    await stack.installKill({ ...SLACK_POST, threaded: false });
    await expectAnswer(stack, `digest daily ${time} UTC`, 'set up a Polytomic digest here');
    await stack.restartAfterKill(150_000);
    await stack.waitFor('the digest', (s) => posts(s, CHANNEL).some((m) => !m.threadTs));
    const s = await stack.quiet();
    const digests = posts(s, CHANNEL).filter((m) => !m.threadTs);
    const details = posts(s, CHANNEL).filter((m) => m.threadTs);
    return {
      counts: { digest: digests.length, 'details reply': details.length },
      expected: { digest: 1, 'details reply': 1 },
      checks: {
        'the details are in the digest thread': details.every((d) => digests.some((m) => m.ts === d.threadTs)),
      },
    };
  });

  scenario('refresh parent', 'killed after Slack accepted', async (stack) => {
    await stack.installKill({ ...SLACK_POST, threaded: false });
    return refresh(stack, { restart: true });
  });

  scenario('threaded reply', 'killed after Slack accepted', async (stack) => {
    await stack.installKill({ ...SLACK_POST, threaded: true });
    return refresh(stack, { restart: true });
  });

  scenario('parent update', 'killed after Slack accepted', async (stack) => {
    await stack.installKill({ method: 'POST', path: '/_sim/slack/api/chat.update' });
    return refresh(stack, { restart: true });
  });

  scenario('refresh POST', 'killed after Polytomic accepted', async (stack) => {
    await stack.installKill({
      method: 'POST',
      path: `/_sim/polytomic/api/connections/${CONNECTION.id}/schemas/refresh`,
    });
    return refresh(stack, { restart: true });
  });

  scenario('refresh parent', 'Slack slow: accepted, answered after the deadline', async (stack) => {
    await stack.control('/slack/fail-next', { method: 'chat.postMessage', slowMs: SLOW_SLACK_MS });
    const outcome = await refresh(stack, { restart: false });
    const firstPost = (await stack.state()).requests.find((r) => r.path === SLACK_POST.path);
    // Proof the fault was in effect: without it the scenario would pass for the wrong reason.
    outcome.checks[
      `Slack answered the parent past the bot's ${SLACK_DEADLINE_MS} ms deadline (took ${firstPost?.ms ?? '?'} ms)`
    ] = (firstPost?.ms ?? 0) >= SLACK_DEADLINE_MS;
    return outcome;
  });

  scenario('alert root', 'killed after Slack accepted', async (stack) => {
    const syncId = await watchOneSync(stack);
    await stack.installKill({ ...SLACK_POST, threaded: false });
    await runAndDeliver(stack, syncId, 'failed');
    await stack.restartAfterKill();
    await stack.waitFor('the failure alert', (s) => alertRoots(s).length > 0);
    return alertOutcome(await stack.quiet(), { recovered: false });
  });

  scenario('recovery reply', 'killed after Slack accepted', async (stack) => {
    const syncId = await watchOneSync(stack);
    await runAndDeliver(stack, syncId, 'failed');
    await stack.waitFor('the failure alert', (s) => alertRoots(s).length > 0);
    // Let the flush record the alert's thread before the recovery comes.
    await stack.quiet();
    await stack.installKill({ ...SLACK_POST, threaded: true });
    await runAndDeliver(stack, syncId, 'completed');
    await stack.restartAfterKill();
    await stack.waitFor('the recovery reply', (s) => recoveries(s).length > 0);
    return alertOutcome(await stack.quiet(), { recovered: true });
  });

  // A snooze is a length a person typed, not a lease, so TIME_SCALE does not shorten it: one minute of real time.
  scenario('snooze-end reminder', 'killed after Slack accepted', async (stack) => {
    const syncId = await watchOneSync(stack);
    await expectAnswer(stack, `snooze ${WATCHED} 1m`, 'snoozed');
    await runAndDeliver(stack, syncId, 'failed');
    // Failing inside the snooze, so the reminder is the first top-level post.
    await stack.installKill({ ...SLACK_POST, threaded: false });
    await stack.restartAfterKill(120_000);
    await stack.waitFor('the snooze-end reminder', (s) => snoozeEnds(s).length > 0);
    const s = await stack.quiet();
    return {
      counts: {
        'snooze-end reminder': snoozeEnds(s).length,
        'other post': posts(s, CHANNEL).length - snoozeEnds(s).length,
      },
      expected: { 'snooze-end reminder': 1, 'other post': 0 },
      checks: {},
    };
  });

  // Release writes the alert's state, redraws it, then audits: killed after the redraw, the retried press
  // must finish its own release (said and audited once), not find nobody on it.
  scenario('alert release', 'killed after Slack accepted the redraw', async (stack) => {
    const syncId = await watchOneSync(stack);
    await runAndDeliver(stack, syncId, 'failed');
    const root = (await stack.waitFor('the failure alert', (s) => alertRoots(s)[0]))!;
    await stack.quiet();
    const onAlert = { messageTs: root.ts };
    const taken = await stack.press(INCIDENT_ACTIONS.take, `model:${syncId}`, onAlert);
    await stack.waitFor('the take answered', (s) => responses(s, taken)[0]);
    await stack.installKill({ method: 'POST', path: '/_sim/slack/api/chat.update' });
    const released = await stack.press(INCIDENT_ACTIONS.release, `model:${syncId}`, onAlert);
    // Generous: the retried press waits out its job's lease, and a loaded machine (other suites) slows both.
    await stack.restartAfterKill(60_000);
    await stack.waitFor('the release answered', (s) => responses(s, released)[0], 60_000);
    const audit = visibleText(await stack.commandAnswered('audit'));
    const s = await stack.quiet();
    const answers = responses(s, released).map((m) => visibleText(m));
    return {
      counts: {
        'released answer': answers.filter((a) => a.startsWith('You released')).length,
        'other answer': answers.filter((a) => !a.startsWith('You released')).length,
        'release audited': audit.split('\n').filter((line) => line.endsWith(': released')).length,
      },
      expected: { 'released answer': 1, 'other answer': 0, 'release audited': 1 },
      checks: {
        "the alert offers I'm on it again": JSON.stringify(current(s, root).blocks).includes(INCIDENT_ACTIONS.take),
      },
    };
  });

  // I'm on it on a grouped alert takes each failure, audits each, then says so once in the thread: killed
  // after Slack accepted that note, the retried press must not say it twice nor take anything twice.
  scenario('grouped alert taken', 'killed after Slack accepted the thread note', async (stack) => {
    const { ids } = await stack.control<{ ids: string[] }>('/polytomic/add-syncs', {
      count: 2,
      namePrefix: 'Fault sync',
    });
    await expectAnswer(stack, 'webhook setup', 'Polytomic now sends its sync events');
    for (const n of [1, 2]) await expectAnswer(stack, `watch Fault sync ${n}`, `Fault sync ${n}`);
    // Both fail before one delivery, so the flush sees them in one batch: one grouped alert.
    for (const syncId of ids)
      await stack.control('/polytomic/run', {
        syncId,
        result: 'failed',
        error: 'warehouse is suspended',
        durationMs: 200,
      });
    await sleep(300);
    await stack.control('/polytomic/deliver');
    const root = (await stack.waitFor('the grouped alert', (s) =>
      posts(s, CHANNEL).find((m) => !m.threadTs && (m.text ?? '').startsWith('2 syncs failed')),
    ))!;
    await stack.quiet();
    await stack.installKill({ ...SLACK_POST, threaded: true });
    const pressed = await stack.press(GROUP_ALERT_ACTIONS.take, GROUP_ALERT_VALUE, { messageTs: root.ts });
    await stack.restartAfterKill(60_000);
    await stack.waitFor('the take answered', (s) => responses(s, pressed)[0], 60_000);
    const audit = visibleText(await stack.commandAnswered('audit'));
    const s = await stack.quiet();
    const notes = posts(s, CHANNEL).filter((m) => m.threadTs === root.ts);
    return {
      counts: {
        'thread note': notes.length,
        'taken audited': audit.split('\n').filter((line) => line.endsWith(': taken')).length,
      },
      expected: { 'thread note': 1, 'taken audited': 2 },
      checks: {
        'the note names both syncs': notes.every((m) =>
          ['Fault sync 1', 'Fault sync 2'].every((n) => m.text?.includes(n)),
        ),
        'the presser is told both are theirs': responses(s, pressed).some((m) =>
          visibleText(m).startsWith('You are on *Fault sync 1*, *Fault sync 2*'),
        ),
      },
    };
  });

  scenario('sync start', 'killed after Polytomic accepted', async (stack) => {
    const {
      ids: [syncId],
    } = await stack.control<{ ids: string[] }>('/polytomic/add-syncs', { count: 1, namePrefix: 'Fault sync' });
    await stack.installKill({ method: 'POST', path: `/_sim/polytomic/api/syncs/${syncId}/executions` });
    const pressed = await stack.press(SYNC_ACTIONS.start, `model:${syncId}`);
    await stack.restartAfterKill();
    await stack.waitFor('the card saying a run started', (s) =>
      responses(s, pressed).some((m) => visibleText(m).includes('started a run')),
    );
    const s = await stack.quiet();
    const cards = responses(s, pressed);
    return {
      counts: { 'run started': s.runs.length },
      expected: { 'run started': 1 },
      checks: { 'the card says a run started': visibleText(cards.at(-1)!).includes('started a run') },
      // Each replaces the card the button sits on: a repeat is no second message.
      notes: [`${cards.length} card update`],
    };
  });
});

/** `/polytomic refresh` of a healthy connection, through to the parent's final state and the threaded reply. */
async function refresh(stack: Stack, options: { restart: boolean }): Promise<Outcome> {
  await stack.command(`refresh ${CONNECTION.name}`);
  if (options.restart) await stack.restartAfterKill();
  await stack.waitFor('a refresh parent in its final state with a reply in its thread', (s) =>
    refreshParents(s).some((p) => isFinished(s, p.ts) && posts(s, CHANNEL).some((m) => m.threadTs === p.ts)),
  );
  const s = await stack.quiet();
  const parents = refreshParents(s);
  const replies = posts(s, CHANNEL).filter((m) => m.threadTs);
  const updates = s.messages.filter((m) => m.via === 'chat.update');
  return {
    counts: { parent: parents.length, reply: replies.length, refresh: s.refreshes.length },
    expected: { parent: 1, reply: 1, refresh: 1 },
    checks: {
      'every parent shows the final state': parents.every((p) => isFinished(s, p.ts)),
      'the reply is in the parent thread': replies.every((r) => parents.some((p) => p.ts === r.threadTs)),
    },
    notes: [`${updates.length} chat.update`],
  };
}

const refreshParents = (s: SimulatorsState) =>
  posts(s, CHANNEL).filter((m) => !m.threadTs && (m.text ?? '').includes('asked Polytomic to refresh the schema'));
const isFinished = (s: SimulatorsState, ts: string | undefined) => {
  const parent = posts(s, CHANNEL).find((m) => m.ts === ts);
  return parent !== undefined && (current(s, parent).text ?? '').includes('was refreshed');
};

/** A sync of its own (manual schedule, so it runs only when told), the webhook pointed at the bot, and a watch on it. */
async function watchOneSync(stack: Stack): Promise<string> {
  const {
    ids: [syncId],
  } = await stack.control<{ ids: string[] }>('/polytomic/add-syncs', { count: 1, namePrefix: 'Fault sync' });
  await expectAnswer(stack, 'webhook setup', 'Polytomic now sends its sync events');
  await expectAnswer(stack, `watch ${WATCHED}`, WATCHED);
  return syncId!;
}

/** A run that ends at once with this result, its events delivered by the simulated Polytomic to the bot's webhook. */
async function runAndDeliver(stack: Stack, syncId: string, result: 'failed' | 'completed'): Promise<void> {
  await stack.control('/polytomic/run', {
    syncId,
    result,
    error: result === 'failed' ? 'warehouse is suspended' : undefined,
    durationMs: 200,
  });
  await sleep(300);
  const { deliveries } = await stack.control<{ deliveries: { status: number | string }[] }>('/polytomic/deliver');
  if (deliveries.length === 0 || deliveries.some((d) => d.status !== 200))
    throw new Error(`deliveries to the bot: ${JSON.stringify(deliveries)}`);
}

const alertRoots = (s: SimulatorsState) =>
  posts(s, CHANNEL).filter(
    (m) => !m.threadTs && (m.text ?? '').includes(`${WATCHED}*`) && (m.text ?? '').includes('failed'),
  );
const snoozeEnds = (s: SimulatorsState) =>
  posts(s, CHANNEL).filter((m) => (m.text ?? '').includes('is over and it is still failing'));
const recoveries = (s: SimulatorsState) =>
  posts(s, CHANNEL).filter((m) => m.threadTs && (m.text ?? '').includes('recovered'));

function alertOutcome(s: SimulatorsState, options: { recovered: boolean }): Outcome {
  const roots = alertRoots(s);
  const replies = recoveries(s);
  return {
    counts: {
      'failure alert': roots.length,
      'recovery reply': replies.length,
      'other post': posts(s, CHANNEL).length - roots.length - replies.length,
    },
    expected: { 'failure alert': 1, 'recovery reply': options.recovered ? 1 : 0, 'other post': 0 },
    checks: {
      'the recovery is in the alert thread': replies.every((r) => roots.some((root) => root.ts === r.threadTs)),
    },
  };
}

async function expectAnswer(stack: Stack, command: string, expected: string): Promise<void> {
  const answer = visibleText(await stack.commandAnswered(command));
  if (!answer.includes(expected)) throw new Error(`"${command}" was answered:\n${answer}`);
}

const slots = { free: PARALLEL, waiting: [] as (() => void)[] };
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/** One row of the matrix: start a stack, inject the fault, and compare what Slack and Polytomic hold with once. */
function scenario(point: string, fault: string, run: (stack: Stack) => Promise<Outcome>): void {
  const index = order.push(`${point} | ${fault}`) - 1;
  it.concurrent(`${point}, ${fault}: once`, { timeout: 240_000 }, async ({ expect }) => {
    await withSlot(async () => {
      const stack = await startStack({ dynamoEndpoint: dynamo.endpoint, tableName: `fault-${index}-${Date.now()}` });
      try {
        let outcome: Outcome;
        try {
          outcome = await run(stack);
        } catch (error) {
          rows.push({
            index,
            point,
            fault,
            seen: `did not settle: ${(error as Error).message.split('\n')[0]}`,
            verdict: 'FAILING',
          });
          process.stdout.write(`\n[${point}, ${fault}] ${(error as Error).message}\n${await stack.report()}\n`);
          throw error;
        }
        const row = judge(index, point, fault, outcome);
        rows.push(row);
        if (row.verdict !== 'ok') process.stdout.write(`\n[${point}, ${fault}] ${row.seen}\n${await stack.report()}\n`);
        expect({
          counts: outcome.counts,
          failedChecks: Object.keys(outcome.checks).filter((k) => !outcome.checks[k]),
        }).toEqual({
          counts: outcome.expected,
          failedChecks: [],
        });
      } finally {
        await stack.close();
      }
    });
  });
}
