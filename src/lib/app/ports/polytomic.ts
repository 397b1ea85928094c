import type { Connection, ModelSyncSource } from '../../core/connection.js';
import type { ConsoleLogEntry, RecordLogLinks } from '../../core/execution.js';
import type { SchemaStatus } from '../../core/refresh.js';
import type { RunSummary, SyncRef, SyncStatus } from '../../core/sync.js';
import { AppError } from '../../errors.js';
import type * as schema from '../../schemas/polytomic.js';
import type { PolytomicEvent } from '../../schemas/polytomic-event.js';
import type * as z from '../../schemas/zod.js';

export type Webhook = z.infer<typeof schema.webhookSchema>;

/** Polytomic's answer to a start: the execution it created (or, for a repeated key, the one it replays). */
export interface StartedExecution {
  executionId?: string;
  status?: string;
}

/** The Polytomic API as the bot uses it. */
export interface PolytomicApi {
  listSyncs(): Promise<SyncRef[]>;
  getSync(sync: Pick<SyncRef, 'id' | 'kind'>): Promise<SyncRef>;
  getSyncStatus(sync: Pick<SyncRef, 'id' | 'kind'>): Promise<SyncStatus>;
  /** One execution as it stands now, a bulk one with its schemas: a start's answer may replay an older one. */
  getExecution(sync: Pick<SyncRef, 'id' | 'kind'>, executionId: string): Promise<RunSummary>;
  /** The latest executions, newest first, at most `limit`: the run strip of a failure. */
  listExecutions(sync: Pick<SyncRef, 'id' | 'kind'>, limit: number): Promise<RunSummary[]>;
  /** The tail of an execution's console log: Polytomic keeps its latest 50 entries. */
  getConsoleLog(sync: Pick<SyncRef, 'id' | 'kind'>, executionId: string): Promise<ConsoleLogEntry[]>;
  /** Signed links to a model-sync execution's errored records (none when no record failed). */
  getErroredRecords(syncId: string, executionId: string): Promise<RecordLogLinks>;
  /**
   * Resumes (`true`) or pauses (`false`) a sync; answers the flag Polytomic reports, undefined when its answer
   * has none (never the flag asked for). A running execution goes on.
   */
  setSyncActive(
    sync: Pick<SyncRef, 'id' | 'kind'>,
    active: boolean,
    idempotencyKey: string,
  ): Promise<boolean | undefined>;
  listConnections(): Promise<Connection[]>;
  getConnection(id: string): Promise<Connection>;
  refreshSchemas(connectionId: string, idempotencyKey: string): Promise<void>;
  getSchemaStatus(connectionId: string): Promise<SchemaStatus>;
  /** The ids of the schemas (tables, objects) a connection offers. */
  listSchemaNames(connectionId: string): Promise<string[]>;
  getModelSyncSource(connectionId: string): Promise<ModelSyncSource>;
  /** Starts a run; Polytomic answers 409 when one is already running. */
  startSync(sync: Pick<SyncRef, 'id' | 'kind'>, idempotencyKey: string): Promise<StartedExecution>;
  /** Starts a bulk execution of these schemas only (retrying the tables that failed); 409 when one is running. */
  startBulkSchemas(syncId: string, schemas: readonly string[], idempotencyKey: string): Promise<StartedExecution>;
  /** Events after `startingAfter` (exclusive), oldest first, at most `limit` (≤ 100); page by time window. */
  listEvents(input: { startingAfter: string; limit: number }): Promise<PolytomicEvent[]>;
  /** The organisation's webhooks (Polytomic allows one). */
  listWebhooks(): Promise<Webhook[]>;
  /** Registers the webhook, or points the existing one (`id`) at a new endpoint and secret. */
  saveWebhook(input: { id?: string; endpoint: string; secret: string }): Promise<Webhook>;
  /** Asks Polytomic to cancel the running execution; it stops asynchronously. */
  cancelSync(sync: Pick<SyncRef, 'id' | 'kind'>, idempotencyKey: string): Promise<void>;
}

export type PolytomicErrorCode =
  | 'polytomic_unauthorized'
  | 'polytomic_forbidden'
  | 'polytomic_not_found'
  | 'polytomic_conflict'
  | 'polytomic_bad_request'
  | 'polytomic_rate_limited'
  | 'polytomic_unavailable'
  | 'polytomic_timeout'
  | 'polytomic_unreachable'
  | 'polytomic_bad_response';

const TRANSIENT: ReadonlySet<PolytomicErrorCode> = new Set([
  'polytomic_rate_limited',
  'polytomic_unavailable',
  'polytomic_timeout',
  'polytomic_unreachable',
]);

/** A failed call to Polytomic; `detail` is Polytomic's own message, safe to show (it never holds the key). */
export class PolytomicError extends AppError {
  declare readonly code: PolytomicErrorCode;
  readonly httpStatus?: number;
  readonly detail?: string;
  readonly retryAfterMs?: number;

  constructor(options: {
    code: PolytomicErrorCode;
    httpStatus?: number;
    detail?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    const { code, httpStatus, detail, cause } = options;
    super(code, `Polytomic ${httpStatus ?? 'request'} ${code}${detail ? `: ${detail}` : ''}`, { cause });
    this.httpStatus = httpStatus;
    this.detail = detail;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Worth trying again later: rate limits, 5xx, timeouts and network failures. */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}
