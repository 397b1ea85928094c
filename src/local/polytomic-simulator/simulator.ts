// The Polytomic API simulator: a Hono app over in-memory state whose runs are derived from a clock.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createDeliverer, type DeliverOptions, type Delivery } from './deliveries.js';
import { deriveEvents, type EventScope, type SimulatorEvent } from './events.js';
import { createPipeline, type Fault, jsonResponse, type SimulatorCall } from './pipeline.js';
import { apiError, data, type SimContext } from './route-helpers.js';
import { registerAppPages } from './routes-app-pages.js';
import { registerBulkSyncRoutes } from './routes-bulk-syncs.js';
import { registerConnectionRoutes } from './routes-connections.js';
import { registerEventRoutes } from './routes-events.js';
import { registerExecutionLogRoutes } from './routes-execution-logs.js';
import { registerModelSyncRoutes } from './routes-model-syncs.js';
import {
  type BulkSyncBehaviour,
  generatedModelSyncSeed,
  type ModelSyncBehaviour,
  ORGANIZATION,
  SEED_USERS,
  SIMULATOR_IDS,
} from './seed.js';
import {
  type ConnectionState,
  createState,
  currentSchemas,
  inFlightRefresh,
  manualRun,
  modelSyncState,
  type SimState,
} from './state.js';
import { abortReason, errorBody } from './support.js';
import { type RunResult, resolveTimeline } from './timeline.js';

export interface SimulatorOptions {
  /** The accepted Bearer token; default 'sim-key'. */
  apiKey?: string;
  /** Epoch-ms clock every piece of time-dependent state is derived from; default Date.now. */
  now?: () => number;
  /** How long a schema refresh takes; default 20_000. */
  refreshDurationMs?: number;
  /** Artificial delay before every response; default 0. */
  latencyMs?: number;
  /** How long a cancelled execution stays `canceling`; default 3_000. */
  cancelDurationMs?: number;
  /**
   * Which executions yield events (GET /api/events, events(), deliverEvents): 'all' (default; the seeded
   * schedules make about 50 an hour), 'manual' (only runs started after creation, by runNow or
   * POST .../executions), or 'none'.
   */
  events?: EventScope;
}

export interface SimulatedSync {
  id: string;
  name: string;
  active: boolean;
  frequency: string;
  behaviour: ModelSyncBehaviour;
  targetConnectionId: string;
}

export interface SimulatedBulkSync {
  id: string;
  name: string;
  active: boolean;
  behaviour: BulkSyncBehaviour;
  sourceConnectionId: string;
  destinationConnectionId: string;
}

export interface SimulatedConnection {
  id: string;
  name: string;
  typeId: string;
  status: string;
  statusError?: string;
  schemaIds: string[];
}

/** How a run started with PolytomicSimulator.runNow ends. */
export interface RunNowOutcome {
  result: RunResult;
  /** The error reported for completed_with_errors and failed (a default message otherwise). */
  error?: string;
  /** From start to end; default 1_000. The run starts working at once (no queued phase). */
  durationMs?: number;
}

export interface PolytomicSimulator {
  /** Mount or serve it; paths start at /api/... */
  app: Hono;
  /** An injected fetch for clients; relative URLs resolve against any origin. */
  fetch: typeof fetch;
  /** Every /api request in arrival order. */
  calls: SimulatorCall[];
  /** Queues a fault for the next matching request(s). */
  failNext(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setConnectionHealth(id: string, status: string, statusError?: string): void;
  /** Ends an in-flight schema refresh now (no-op when none is in flight). */
  finishRefresh(connectionId: string): void;
  /** Makes the next refresh of the connection end with this cache_status instead of `fresh`. */
  failRefresh(connectionId: string, cacheStatus?: string): void;
  readonly syncs: readonly SimulatedSync[];
  readonly bulkSyncs: readonly SimulatedBulkSync[];
  readonly connections: readonly SimulatedConnection[];
  /** Fixed seeded ids by role (see seed.ts). */
  readonly ids: typeof SIMULATOR_IDS;
  /** The simulator's clock. */
  now(): number;
  /** Every event that exists at now() (the last 48 hours), oldest first, as GET /api/events would list them. */
  events(): SimulatorEvent[];
  /**
   * POSTs each event created since the previous call (or since the simulator started) to the registered,
   * enabled webhook, oldest first, signed with its secret. A non-2xx answer is retried up to 5 times at once.
   * Events that happen while there is no enabled webhook are never delivered (at most once).
   */
  deliverEvents(options?: DeliverOptions): Promise<Delivery[]>;
  /** The next n events due for delivery are silently never sent (status 'dropped'). */
  dropNextDeliveries(n: number): void;
  /** The next event delivered is POSTed twice. */
  duplicateNextDelivery(): void;
  /** The next deliverEvents call that has events sends them newest first. */
  reverseNextDeliveryBatch(): void;
  /**
   * Records a manual execution of a model or bulk sync starting at now() and ending after durationMs with
   * this result; /status and the events follow from it. Returns the execution id. Throws for an unknown id,
   * a paused sync, or one that is running now (the API would answer 400 / 409).
   */
  runNow(syncId: string, outcome: RunNowOutcome): string;
  /** Adds n healthy model syncs named `${namePrefix} ${k}` with deterministic ids; returns their ids. */
  addModelSyncs(n: number, namePrefix?: string): string[];
  /** The runs started by hand since the simulator was created (POST .../executions or runNow), oldest first. */
  startedRuns(): StartedRun[];
  /** The schema refreshes started since the simulator was created, oldest first. */
  startedRefreshes(): StartedRefresh[];
}

/** A change the simulated Polytomic made: one run started. */
export interface StartedRun {
  syncId: string;
  executionId: string;
  at: number;
}

/** A change the simulated Polytomic made: one schema refresh started. */
export interface StartedRefresh {
  connectionId: string;
  at: number;
}

/** Builds a simulator over a fresh copy of the seeded organisation. */
export function createPolytomicSimulator(options: SimulatorOptions = {}): PolytomicSimulator {
  const now = options.now ?? Date.now;
  const state = createState(now());
  const calls: SimulatorCall[] = [];
  const faults: Fault[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let manualSeq = 1;
  const ctx: SimContext = {
    state,
    now,
    refreshDurationMs: options.refreshDurationMs ?? 20_000,
    cancelDurationMs: options.cancelDurationMs ?? 3_000,
    nextManualSeq: () => manualSeq++,
    eventScope: options.events ?? 'all',
    fileSecret: randomUUID(),
  };
  const app = createApp(ctx, { apiKey: options.apiKey ?? 'sim-key', now, latencyMs: () => latencyMs, faults, calls });
  const events = (): SimulatorEvent[] => deriveEvents(state, now(), ctx.cancelDurationMs, ctx.eventScope);
  const deliverer = createDeliverer({ state, now, events });

  return {
    app,
    fetch: (input, init) => fetchThrough(app, input, init),
    calls,
    failNext: (fault) => void faults.push({ ...fault }),
    clearFaults: () => void faults.splice(0),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setConnectionHealth: (id, status, statusError) => setHealth(connection(state, id), status, statusError, now()),
    finishRefresh: (id) => finishRefresh(connection(state, id), now()),
    failRefresh: (id, cacheStatus = 'error') => {
      connection(state, id).nextRefreshError = cacheStatus;
    },
    get syncs() {
      return summarizeSyncs(state);
    },
    get bulkSyncs() {
      return summarizeBulkSyncs(state);
    },
    get connections() {
      return summarizeConnections(state, now());
    },
    ids: SIMULATOR_IDS,
    now,
    events,
    deliverEvents: (deliverOptions) => deliverer.deliver(deliverOptions),
    dropNextDeliveries: (n) => deliverer.dropNext(n),
    duplicateNextDelivery: () => deliverer.duplicateNext(),
    reverseNextDeliveryBatch: () => deliverer.reverseNextBatch(),
    runNow: (syncId, outcome) => runNow(ctx, syncId, outcome),
    addModelSyncs: (n, namePrefix = 'Generated sync') => addModelSyncs(state, now(), n, namePrefix),
    startedRuns: () => startedRuns(state),
    startedRefreshes: () =>
      [...state.connections.values()]
        .flatMap((c) => c.refreshes.map((r) => ({ connectionId: c.seed.id, at: r.startedAt })))
        .sort((a, b) => a.at - b.at),
  };
}

const RUN_RESULTS: readonly RunResult[] = ['completed', 'completed_with_errors', 'failed', 'canceled'];

function runNow(ctx: SimContext, syncId: string, outcome: RunNowOutcome): string {
  const id = syncId.toLowerCase();
  const sync = ctx.state.modelSyncs.get(id) ?? ctx.state.bulkSyncs.get(id);
  if (!sync) throw new Error(`simulator has no model or bulk sync ${syncId}`);
  if (!RUN_RESULTS.includes(outcome.result)) throw new Error(`runNow: unknown result ${String(outcome.result)}`);
  const durationMs = outcome.durationMs ?? 1_000;
  if (!Number.isFinite(durationMs) || durationMs <= 0)
    throw new Error(`runNow: durationMs must be positive, got ${durationMs}`);
  if (!sync.active) throw new Error(`sync ${syncId} is paused; activate it before runNow`);
  const now = ctx.now();
  if (resolveTimeline(sync.timeline, now, ctx.cancelDurationMs).current)
    throw new Error(`sync ${syncId} is already running`);
  const run = manualRun(sync.seed.id, ctx.nextManualSeq(), now, durationMs, {
    queueMs: 0,
    outcome: { result: outcome.result, ...(outcome.error !== undefined ? { error: outcome.error } : {}) },
  });
  // A manual run: scheduled slots that fall inside it are skipped (timeline.ts).
  sync.timeline.manualRuns.push(run);
  return run.id;
}

function startedRuns(state: SimState): StartedRun[] {
  // The seeded history holds manual runs from before the simulator existed: they are not its changes.
  return [...state.modelSyncs.values(), ...state.bulkSyncs.values()]
    .flatMap((sync) =>
      sync.timeline.manualRuns
        .filter((run) => run.createdAt >= state.startedAt)
        .map((run) => ({ syncId: sync.seed.id, executionId: run.id, at: run.createdAt })),
    )
    .sort((a, b) => a.at - b.at);
}

function addModelSyncs(state: SimState, now: number, n: number, namePrefix: string): string[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`addModelSyncs needs a non-negative integer, got ${n}`);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    state.generatedSyncs += 1;
    const seed = generatedModelSyncSeed(state.generatedSyncs, `${namePrefix} ${state.generatedSyncs}`);
    state.modelSyncs.set(seed.id, modelSyncState(seed, now));
    ids.push(seed.id);
  }
  return ids;
}

function createApp(ctx: SimContext, pipeline: Parameters<typeof createPipeline>[0]): Hono {
  const app = new Hono();
  app.use('/api/*', createPipeline(pipeline));
  app.get('/api/me', (c) => data(c, identity()));
  registerModelSyncRoutes(app, ctx);
  registerBulkSyncRoutes(app, ctx);
  registerExecutionLogRoutes(app, ctx);
  registerConnectionRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerAppPages(app, ctx);
  app.notFound((c) => apiError(c, 404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((error, c) => {
    // A caller that gave up gets a rejected promise, as with a real fetch, not a 500.
    if (c.req.raw.signal.aborted) throw error;
    return jsonResponse(500, errorBody(500, `internal error: ${error.message}`));
  });
  return app;
}

function identity(): Record<string, unknown> {
  return {
    id: SEED_USERS.priya.id,
    email: 'priya.raman@northwind.io',
    organization_id: ORGANIZATION.id,
    organization_name: ORGANIZATION.name,
    is_user: true,
    is_organization: false,
    is_partner: false,
    is_system: false,
    role: 'admin',
  };
}

// Like a real fetch: relative URLs get an origin, and an aborted signal rejects even mid-handler.
async function fetchThrough(app: Hono, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const target =
    typeof input === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(input)
      ? new URL(input, 'http://polytomic.simulator')
      : input;
  const request = new Request(target, init);
  const { signal } = request;
  if (signal.aborted) throw abortReason(signal);
  return new Promise<Response>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(app.fetch(request))
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function connection(state: SimState, id: string): ConnectionState {
  const found = state.connections.get(id.toLowerCase());
  if (!found) throw new Error(`simulator has no connection ${id}`);
  return found;
}

function setHealth(conn: ConnectionState, status: string, statusError: string | undefined, now: number): void {
  conn.status = status;
  if (statusError === undefined) delete conn.statusError;
  else conn.statusError = statusError;
  conn.updatedAt = now;
}

function finishRefresh(conn: ConnectionState, now: number): void {
  const refresh = inFlightRefresh(conn, now);
  if (refresh) refresh.finishedAt = now;
}

function summarizeSyncs(state: SimState): SimulatedSync[] {
  return [...state.modelSyncs.values()].map((s) => ({
    id: s.seed.id,
    name: s.seed.name,
    active: s.active,
    frequency: s.seed.schedule.frequency,
    behaviour: s.seed.behaviour,
    targetConnectionId: s.seed.targetConnectionId,
  }));
}

function summarizeBulkSyncs(state: SimState): SimulatedBulkSync[] {
  return [...state.bulkSyncs.values()].map((s) => ({
    id: s.seed.id,
    name: s.seed.name,
    active: s.active,
    behaviour: s.seed.behaviour,
    sourceConnectionId: s.seed.sourceConnectionId,
    destinationConnectionId: s.seed.destinationConnectionId,
  }));
}

function summarizeConnections(state: SimState, now: number): SimulatedConnection[] {
  return [...state.connections.values()].map((c) => ({
    id: c.seed.id,
    name: c.seed.name,
    typeId: c.seed.type.id,
    status: c.status,
    ...(c.statusError !== undefined ? { statusError: c.statusError } : {}),
    schemaIds: currentSchemas(c, now).map((s) => s.id),
  }));
}
