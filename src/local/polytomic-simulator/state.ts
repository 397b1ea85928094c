// Mutable in-memory state of the simulated organisation, built from the seeds at a start time.
import {
  BULK_SYNC_SEEDS,
  type BulkSyncSeed,
  CONNECTION_SEEDS,
  type ConnectionSeed,
  DAY_MS,
  MINUTE_MS,
  MODEL_SYNC_SEEDS,
  type ModelSyncSeed,
  type OutageSeed,
  type SchemaSeed,
} from './seed.js';
import { uuidFrom } from './support.js';
import type { ActiveInterval, Run, SyncTimeline } from './timeline.js';

/** A seeded outage placed on the clock: runs created in [firstAt + k·everyMs, … + lastsMs) fail. */
export interface Outage extends Omit<OutageSeed, 'firstStartsInMs'> {
  firstAt: number;
}

export interface ModelSyncState {
  seed: ModelSyncSeed;
  active: boolean;
  createdAt: number;
  updatedAt: number;
  timeline: SyncTimeline;
  outage?: Outage;
}

export interface BulkSyncState {
  seed: BulkSyncSeed;
  active: boolean;
  createdAt: number;
  updatedAt: number;
  timeline: SyncTimeline;
  outage?: Outage;
}

function placeOutage(seed: OutageSeed | undefined, t0: number): { outage?: Outage } {
  if (!seed) return {};
  const { firstStartsInMs, ...rest } = seed;
  return { outage: { ...rest, firstAt: t0 + firstStartsInMs } };
}

/** The outage a run created at `at` falls in, if any. */
export function outageAt(outage: Outage | undefined, at: number): Outage | undefined {
  if (!outage) return undefined;
  const into = (((at - outage.firstAt) % outage.everyMs) + outage.everyMs) % outage.everyMs;
  return into < outage.lastsMs ? outage : undefined;
}

export interface RefreshRecord {
  startedAt: number;
  finishedAt: number;
  /** Set when the refresh ends in error (see failRefresh); the schema list is then unchanged. */
  errorStatus?: string;
}

export interface ConnectionState {
  seed: ConnectionSeed;
  status: string;
  statusError?: string;
  createdAt: number;
  updatedAt: number;
  refreshes: RefreshRecord[];
  /** The status the next refresh ends with instead of `fresh`. */
  nextRefreshError?: string;
}

/** The organisation's webhook (Polytomic allows one per organisation). */
export interface WebhookState {
  id: string;
  endpoint: string;
  secret: string;
  disabled: boolean;
  createdAt: number;
}

export interface SimState {
  startedAt: number;
  modelSyncs: Map<string, ModelSyncState>;
  bulkSyncs: Map<string, BulkSyncState>;
  connections: Map<string, ConnectionState>;
  webhook?: WebhookState;
  /** How many webhooks were ever created (their ids derive from it). */
  webhooksCreated: number;
  /** How many model syncs addModelSyncs has added (their ids derive from it). */
  generatedSyncs: number;
}

/** A fresh organisation as it stands at `startedAt`. */
export function createState(startedAt: number): SimState {
  return {
    startedAt,
    modelSyncs: new Map(MODEL_SYNC_SEEDS.map((seed) => [seed.id, modelSyncState(seed, startedAt)])),
    bulkSyncs: new Map(BULK_SYNC_SEEDS.map((seed) => [seed.id, bulkSyncState(seed, startedAt)])),
    connections: new Map(CONNECTION_SEEDS.map((seed) => [seed.id, connectionState(seed, startedAt)])),
    webhooksCreated: 0,
    generatedSyncs: 0,
  };
}

/** A model sync as it stands at `t0` (seeded, or added later by addModelSyncs). */
export function modelSyncState(seed: ModelSyncSeed, t0: number): ModelSyncState {
  const pausedAt = seed.pausedMinutesAgo === undefined ? undefined : t0 - seed.pausedMinutesAgo * MINUTE_MS;
  const intervals: ActiveInterval[] = [
    pausedAt === undefined ? { from: -Infinity } : { from: -Infinity, to: pausedAt },
  ];
  const manualRuns: Run[] = [];
  if (seed.pastManualRunMinutesAgo !== undefined) {
    const createdAt = t0 - seed.pastManualRunMinutesAgo * MINUTE_MS;
    manualRuns.push(manualRun(seed.id, 0, createdAt, seed.durationMs));
  }
  return {
    seed,
    active: seed.active,
    createdAt: t0 - seed.createdDaysAgo * DAY_MS,
    updatedAt: t0 - seed.updatedMinutesAgo * MINUTE_MS,
    timeline: {
      syncId: seed.id,
      ...(seed.plan ? { plan: seed.plan } : {}),
      ...(seed.scheduleStopsInMs !== undefined ? { scheduleStopsAt: t0 + seed.scheduleStopsInMs } : {}),
      durationMs: seed.durationMs,
      intervals,
      manualRuns,
      cancels: new Map(),
    },
    ...placeOutage(seed.outage, t0),
  };
}

function bulkSyncState(seed: BulkSyncSeed, t0: number): BulkSyncState {
  return {
    seed,
    active: seed.active,
    createdAt: t0 - seed.createdDaysAgo * DAY_MS,
    updatedAt: t0 - seed.updatedMinutesAgo * MINUTE_MS,
    timeline: {
      syncId: seed.id,
      plan: seed.plan,
      durationMs: seed.durationMs,
      intervals: [{ from: -Infinity }],
      manualRuns: [],
      cancels: new Map(),
    },
    ...placeOutage(seed.outage, t0),
  };
}

function connectionState(seed: ConnectionSeed, t0: number): ConnectionState {
  return {
    seed,
    status: seed.status,
    ...(seed.statusError ? { statusError: seed.statusError } : {}),
    createdAt: t0 - seed.createdDaysAgo * DAY_MS,
    updatedAt: t0 - Math.min(seed.createdDaysAgo, 14) * DAY_MS,
    refreshes: [],
  };
}

/** A run started by hand; its id is deterministic so replays and tests are stable. */
export function manualRun(
  syncId: string,
  seq: number,
  createdAt: number,
  durationMs: number,
  extra: Partial<Run> = {},
): Run {
  return {
    id: uuidFrom(`${syncId}:manual:${seq}`),
    kind: 'manual',
    createdAt,
    plannedEnd: createdAt + durationMs,
    isTest: false,
    isResync: false,
    ...extra,
  };
}

/** Manual runs are shorter than scheduled ones (a person is waiting), but never longer than a scheduled run. */
export function manualDurationMs(scheduledDurationMs: number): number {
  return Math.min(scheduledDurationMs, Math.max(45_000, Math.min(3 * MINUTE_MS, scheduledDurationMs / 2)));
}

/** Pause or resume: scheduled runs only happen inside active intervals. */
export function setActive(timeline: SyncTimeline, active: boolean, now: number): void {
  const latest = timeline.intervals.at(-1);
  const isActive = latest !== undefined && latest.to === undefined;
  if (active === isActive) return;
  if (active) timeline.intervals.push({ from: now });
  else if (latest) latest.to = now;
}

/** The refresh still in flight at `now`, if any. */
export function inFlightRefresh(connection: ConnectionState, now: number): RefreshRecord | undefined {
  const latest = connection.refreshes.at(-1);
  return latest && latest.startedAt <= now && now < latest.finishedAt ? latest : undefined;
}

/** The connection's schemas as of `now`: one seeded change is revealed per completed refresh. */
export function currentSchemas(connection: ConnectionState, now: number): SchemaSeed[] {
  const completed = connection.refreshes.filter((r) => r.finishedAt <= now && r.errorStatus === undefined).length;
  let list = [...connection.seed.schemas];
  for (const change of connection.seed.schemaChanges.slice(0, completed)) {
    list = 'add' in change ? [...list, change.add] : list.filter((s) => s.id !== change.remove);
  }
  return list;
}
