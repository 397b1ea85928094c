/** A schema refresh the bot asked Polytomic for, from the request to the threaded reply. */
export type RefreshStatus = 'starting' | 'pending' | 'finishing' | 'done';
export type RefreshOutcome = 'fresh' | 'failed' | 'unhealthy' | 'timed_out' | 'not_started';

export interface SchemaStatus {
  cacheStatus?: string;
  lastRefreshStarted?: string;
  lastRefreshFinished?: string;
}

export interface Refresh {
  connectionId: string;
  connectionName: string;
  connectionType?: string;
  /** The job that started it: the owner of the slot while it is starting. */
  jobId: string;
  channelId: string;
  requestedBy: string;
  /** When the bot sent the refresh request (epoch ms); set once the request is sent. */
  requestedAt?: number;
  deadline?: number;
  parentTs?: string;
  permalink?: string;
  statusBefore?: SchemaStatus;
  schemasBefore?: string[];
  lastSeen?: SchemaStatus;
  status: RefreshStatus;
  version: number;
  checks: number;
  dueAt?: number;
  /** While starting: after this the slot counts as abandoned and a new refresh may take it. */
  startingUntil?: number;
  outcome?: RefreshOutcome;
  detail?: string;
  finishedAt?: number;
  replyTs?: string;
  /** The parent message was deleted, so neither a reply nor an update can land on it. */
  parentGone?: boolean;
  /** The Polytomic error code of the last check that failed; cleared by the next one that succeeds. */
  lastError?: string;
}

export const REFRESH_POLICY = {
  /** Default deadline; configurable. */
  timeoutMs: 30 * 60_000,
  /** Finished refreshes stay readable (for "already refreshed" answers and debugging) this long. */
  keepDays: 30,
  /** Only this many schema names are kept to compute "what changed"; larger connections skip the diff. */
  maxSchemasCompared: 2_000,
};

// cache_status is an open string in every SDK; these are the values seen in Polytomic's docs and examples.
const SETTLED = new Set(['fresh', 'cached']);
const FAILED = new Set(['error', 'failed']);

export type RefreshDecision =
  | { kind: 'wait'; unknownCacheStatus?: string }
  | { kind: 'finish'; outcome: Exclude<RefreshOutcome, 'not_started'>; detail?: string };

/**
 * Whether a pending refresh is over, from the documented signals together: the cache no longer
 * `refreshing`, and `last_refresh_finished` at or after both `last_refresh_started` and the moment the bot
 * asked. A refresh that was already running when the bot asked is joined, not restarted, and ends the same way.
 */
export function decideRefresh(input: {
  refresh: Pick<Refresh, 'requestedAt' | 'deadline'>;
  schema: SchemaStatus;
  connection?: { status: string; statusError?: string };
  now: number;
}): RefreshDecision {
  const { refresh, schema, connection, now } = input;
  const requestedAt = refresh.requestedAt ?? now;
  const started = parseTime(schema.lastRefreshStarted);
  const finished = parseTime(schema.lastRefreshFinished);
  const finishedSinceAsked =
    finished !== undefined && finished >= requestedAt && (started === undefined || finished >= started);
  const cache = schema.cacheStatus ?? '';
  if (finishedSinceAsked && SETTLED.has(cache)) return { kind: 'finish', outcome: 'fresh' };
  if (finishedSinceAsked && FAILED.has(cache)) return { kind: 'finish', outcome: 'failed', detail: cache };
  if (connection && connection.status !== 'healthy') {
    return { kind: 'finish', outcome: 'unhealthy', detail: connection.statusError ?? connection.status };
  }
  if (refresh.deadline !== undefined && now >= refresh.deadline)
    return { kind: 'finish', outcome: 'timed_out', detail: cache || undefined };
  const known = cache === 'refreshing' || SETTLED.has(cache) || FAILED.has(cache);
  return known ? { kind: 'wait' } : { kind: 'wait', unknownCacheStatus: cache };
}

/** Schemas added and removed between two listings; undefined when either listing is missing. */
export function diffSchemas(
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): { added: string[]; removed: string[] } | undefined {
  if (!before || !after) return undefined;
  const old = new Set(before);
  const now = new Set(after);
  return { added: after.filter((s) => !old.has(s)).sort(), removed: before.filter((s) => !now.has(s)).sort() };
}

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
