// JSON shapes of the documented API (polytomic-api.md sections 2.1-2.4), rendered from state at `now`.
import {
  BULK_WARNING_MESSAGE,
  FAILING_BULK_MESSAGE,
  FAILING_SYNC_ERRORS,
  ORGANIZATION,
  ROW_ERRORS,
  type ScheduleSeed,
  SEED_USERS,
} from './seed.js';
import { type BulkSyncState, type ConnectionState, type ModelSyncState, outageAt } from './state.js';
import { hashNumber, pickInRange, toIso, uuidFrom } from './support.js';
import { type RunView, runStart, type TimelineState } from './timeline.js';

type Json = Record<string, unknown>;

function actor(which: keyof typeof SEED_USERS): Json {
  return { ...SEED_USERS[which] };
}

function scheduleJson(schedule: ScheduleSeed): Json {
  return { ...schedule };
}

function modelIdFor(state: ModelSyncState): string {
  return uuidFrom(`model:${state.seed.id}`);
}

/** ListSyncItem: the light 2025-09-18 list shape. */
export function renderSyncListItem(state: ModelSyncState): Json {
  const { seed } = state;
  return {
    id: seed.id,
    name: seed.name,
    active: state.active,
    mode: seed.mode,
    model_ids: [modelIdFor(state)],
    organization_id: ORGANIZATION.id,
    target_connection_id: seed.targetConnectionId,
    target_object: seed.targetObject,
    schedule: scheduleJson(seed.schedule),
    skip_initial_backfill: false,
    sync_all_records: false,
    only_enrich_updates: false,
    created_at: toIso(state.createdAt),
    created_by: actor('priya'),
    updated_at: toIso(state.updatedAt),
    updated_by: actor(seed.active === state.active ? 'priya' : 'marco'),
  };
}

/** SyncResponse: the full shape of one model sync. */
export function renderSync(state: ModelSyncState): Json {
  const { seed } = state;
  const modelId = modelIdFor(state);
  return {
    ...renderSyncListItem(state),
    target: { connection_id: seed.targetConnectionId, object: seed.targetObject, configuration: {} },
    fields: seed.fields.map(([source, target]) => ({
      source: { field: source, model_id: modelId },
      target,
      new: false,
      sync_mode: seed.mode,
    })),
    override_fields: [],
    overrides: [],
    filters: [],
    filter_logic: '',
    identity: {
      source: { field: seed.fields[0]?.[0] ?? 'id', model_id: modelId },
      target: seed.fields[0]?.[1] ?? 'id',
      function: 'Equality',
    },
    policies: [],
  };
}

/** GetExecutionResponseSchema for one model-sync run. */
export function renderModelExecution(state: ModelSyncState, view: RunView): Json {
  const { run } = view;
  const outcome = modelOutcome(state, view);
  return {
    id: run.id,
    type: run.kind,
    status: modelStatus(state, view),
    created_at: toIso(run.createdAt),
    ...(view.phase !== 'queued' ? { started_at: toIso(runStart(run)) } : {}),
    ...(isTerminal(view) ? { completed_at: toIso(view.end) } : {}),
    ...(outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
    counts: outcome.counts,
  };
}

function isTerminal(view: RunView): boolean {
  return view.phase === 'done' || view.phase === 'canceled';
}

function modelStatus(state: ModelSyncState, view: RunView): string {
  if (view.phase !== 'done') return view.phase;
  return modelFails(state, view) ? 'failed' : 'completed';
}

// A forced outcome (runNow) wins over the seeded behaviour and outages.
function modelFails(state: ModelSyncState, view: RunView): boolean {
  const forced = view.run.outcome;
  if (forced) return forced.result === 'failed';
  return state.seed.behaviour === 'failing' || outageAt(state.outage, view.run.createdAt) !== undefined;
}

/** How many rows a run rejects (0 for clean runs). */
function modelErrorRows(state: ModelSyncState, view: RunView): number {
  const key = view.run.id;
  const forced = view.run.outcome;
  if (forced) return forced.result === 'completed_with_errors' ? pickInRange(`${key}:n`, 1, 12) : 0;
  return state.seed.behaviour === 'row-errors' && hashNumber(`${key}:errors`) % 3 === 0
    ? pickInRange(`${key}:n`, 1, 12)
    : 0;
}

/** Status, errors and counts of a model-sync run as rendered at the view's time (events use the view at the run's end). */
export function modelRunSummary(state: ModelSyncState, view: RunView): { status: string } & ModelOutcome {
  return { status: modelStatus(state, view), ...modelOutcome(state, view) };
}

interface ModelOutcome {
  errors: string[];
  counts: {
    total: number;
    insert: number;
    update: number;
    upserts: number;
    delete: number;
    error: number;
    warnings: number;
  };
}

// Counts grow with progress; errors only appear once the run has finished.
function modelOutcome(state: ModelSyncState, view: RunView): ModelOutcome {
  const { seed } = state;
  const key = view.run.id;
  const done = view.phase === 'done';
  const forcedError = view.run.outcome?.error;
  if (modelFails(state, view)) {
    const message =
      forcedError ??
      outageAt(state.outage, view.run.createdAt)?.error ??
      FAILING_SYNC_ERRORS[hashNumber(key) % FAILING_SYNC_ERRORS.length] ??
      'sync failed';
    return { errors: done ? [message] : [], counts: zeroCounts() };
  }
  const scale = (n: number): number => Math.floor(n * view.progress);
  const total = pickInRange(`${key}:total`, Math.floor(seed.baseRecords * 0.6), Math.ceil(seed.baseRecords * 1.4));
  const errorRows = modelErrorRows(state, view);
  const insert = Math.floor(total * (pickInRange(`${key}:ins`, 5, 20) / 100));
  const deleted = seed.mode === 'replace' ? Math.floor(total * 0.03) : 0;
  const update = total - insert - errorRows - deleted;
  return {
    errors:
      done && errorRows > 0
        ? forcedError !== undefined
          ? [forcedError]
          : ROW_ERRORS.slice(0, Math.min(errorRows, ROW_ERRORS.length))
        : [],
    counts: {
      total: scale(total),
      insert: scale(insert),
      update: scale(update),
      upserts: 0,
      delete: scale(deleted),
      error: scale(errorRows),
      warnings: 0,
    },
  };
}

function zeroCounts(): ModelOutcome['counts'] {
  return { total: 0, insert: 0, update: 0, upserts: 0, delete: 0, error: 0, warnings: 0 };
}

/** SyncStatusResponse / BulkSyncStatusResponse share this envelope. */
export function renderStatus(timeline: TimelineState, renderRun: (view: RunView) => Json): Json {
  return {
    ...(timeline.current ? { current_execution: renderRun(timeline.current) } : {}),
    ...(timeline.last ? { last_execution: renderRun(timeline.last) } : {}),
    ...(timeline.nextExecutionTime !== undefined ? { next_execution_time: toIso(timeline.nextExecutionTime) } : {}),
  };
}

/** BulkSyncResponse. */
export function renderBulkSync(state: BulkSyncState): Json {
  const { seed } = state;
  return {
    id: seed.id,
    name: seed.name,
    active: state.active,
    mode: seed.mode,
    source_connection_id: seed.sourceConnectionId,
    destination_connection_id: seed.destinationConnectionId,
    source_configuration: {},
    destination_configuration: { ...seed.destinationConfiguration },
    default_schedule: { id: uuidFrom(`schedule:${seed.id}`), ...scheduleJson(seed.schedule) },
    additional_schedules: [],
    automatically_add_new_fields: 'all',
    automatically_add_new_objects: 'none',
    concurrency_limit: 10,
    resync_concurrency_limit: 2,
    data_cutoff_timestamp: null,
    disable_record_timestamps: false,
    normalize_names: 'enabled',
    policies: [],
    organization_id: ORGANIZATION.id,
    created_at: toIso(state.createdAt),
    created_by: actor('marco'),
    updated_at: toIso(state.updatedAt),
    updated_by: actor('marco'),
  };
}

/** BulkSyncExecution: schemas run one after another across the run. */
export function renderBulkExecution(state: BulkSyncState, view: RunView, now: number): Json {
  const { seed } = state;
  const { run } = view;
  const schemaNames = run.schemas ?? seed.schemas;
  const schemas = schemaNames.map((name, i) =>
    renderBulkSchema(state, view, { name, index: i, count: schemaNames.length }, now),
  );
  const sum = (field: 'record_count' | 'error_count' | 'warning_count'): number =>
    schemas.reduce((total, s) => total + (s[field] as number), 0);
  const warningCount = sum('warning_count');
  const wholeRunFails = bulkFails(state, view);
  // Some schemas failed on their own (an outage): the run fails when it ends, naming how many.
  const failedSchemas = view.phase === 'done' && !wholeRunFails ? schemas.filter((s) => s.status === 'failed') : [];
  const failing = wholeRunFails || failedSchemas.length > 0;
  return {
    id: run.id,
    type: run.kind,
    status: bulkStatus(view, failing),
    status_message:
      failedSchemas.length > 0
        ? `${failedSchemas.length} of ${schemas.length} schemas failed`
        : bulkMessage(view, failing, warningCount, sum('error_count')),
    created_at: toIso(run.createdAt),
    ...(view.phase !== 'queued' ? { started_at: toIso(runStart(run)) } : {}),
    ...(isTerminal(view) ? { completed_at: toIso(view.end) } : {}),
    updated_at: toIso(Math.min(now, view.end)),
    record_count: sum('record_count'),
    error_count: sum('error_count'),
    warning_count: warningCount,
    is_test: run.isTest,
    is_resync: run.isResync,
    is_partial: run.schemas !== undefined,
    fetch_mode: run.fetchMode ?? (seed.mode === 'snapshot' ? 'full' : 'incremental'),
    output_disposition: run.isResync ? 'truncate' : 'retain',
    schemas,
  };
}

function bulkStatus(view: RunView, failing: boolean): string {
  if (view.phase === 'queued') return 'created';
  if (view.phase === 'done') return failing ? 'failed' : 'completed';
  return view.phase;
}

function bulkMessage(view: RunView, failing: boolean, warnings: number, errors: number): string {
  if (view.phase !== 'done') return view.phase === 'canceled' ? 'canceled by user' : '';
  if (failing) return bulkFailureMessage(view);
  if (errors > 0) return view.run.outcome?.error ?? `${errors} records were rejected by the destination`;
  return warnings > 0 ? BULK_WARNING_MESSAGE : '';
}

// The whole run fails: a forced outcome (runNow) wins over the seeded behaviour and outages.
function bulkFails(state: BulkSyncState, view: RunView): boolean {
  const forced = view.run.outcome;
  if (forced) return forced.result === 'failed';
  const outage = outageAt(state.outage, view.run.createdAt);
  return state.seed.behaviour === 'failing' || (outage !== undefined && outage.schemas === undefined);
}

// The error of one schema an outage fails while the rest of the run goes on.
function schemaOutageError(state: BulkSyncState, view: RunView, schema: string): string | undefined {
  const outage = view.run.outcome ? undefined : outageAt(state.outage, view.run.createdAt);
  return outage?.schemas?.includes(schema) ? outage.error : undefined;
}

function bulkFailureMessage(view: RunView): string {
  return view.run.outcome?.error ?? FAILING_BULK_MESSAGE;
}

interface SchemaSlot {
  name: string;
  index: number;
  count: number;
}

function renderBulkSchema(state: BulkSyncState, view: RunView, slot: SchemaSlot, now: number): Json {
  const { run } = view;
  const { name, index, count } = slot;
  const failing = bulkFails(state, view);
  const forced = view.run.outcome;
  const from = index / count;
  const to = (index + 1) / count;
  const share = failing ? 0 : Math.min(1, Math.max(0, (view.progress - from) / (to - from)));
  const outageError = schemaOutageError(state, view, name);
  const status = bulkSchemaStatus(view, share, failing && index === 0, outageError !== undefined);
  const total = pickInRange(
    `${run.id}:${name}`,
    Math.floor(state.seed.baseRecords / count / 2),
    Math.ceil((state.seed.baseRecords / count) * 1.5),
  );
  const warns =
    !forced && state.seed.behaviour === 'warnings' && name === 'deals' && hashNumber(`${run.id}:warn`) % 2 === 0
      ? 3
      : 0;
  // A run forced to complete with errors rejects some rows of its first schema.
  const rejected =
    forced?.result === 'completed_with_errors' && index === 0 ? pickInRange(`${run.id}:rejected`, 1, 12) : 0;
  const span = view.run.plannedEnd - runStart(run);
  const startedAt = runStart(run) + span * from;
  const finishedAt = Math.min(startedAt + span / count, view.end);
  const touchedAt = status === 'scheduled' || status === 'created' ? run.createdAt : Math.min(now, finishedAt);
  return {
    schema: name,
    output_name: outputName(name),
    status,
    status_message: status === 'failed' ? (outageError ?? bulkFailureMessage(view)) : '',
    record_count: outageError === undefined ? Math.floor(total * share) : 0,
    error_count: share >= 1 ? rejected : 0,
    warning_count: share >= 1 ? warns : 0,
    created_at: toIso(run.createdAt),
    ...(share > 0 || status === 'running' || status === 'failed'
      ? { started_at: toIso(Math.min(startedAt, view.end)) }
      : {}),
    ...(['completed', 'failed', 'canceled'].includes(status) ? { completed_at: toIso(finishedAt) } : {}),
    updated_at: toIso(touchedAt),
  };
}

// `stuck` marks the schema a failing run is working on when it dies; `fails` one that ends failed on its own.
function bulkSchemaStatus(view: RunView, share: number, stuck: boolean, fails: boolean): string {
  if (view.phase === 'queued') return 'created';
  if (view.phase === 'done') return share >= 1 && !fails ? 'completed' : 'failed';
  if (share >= 1) return fails ? 'failed' : 'completed';
  if (view.phase === 'canceled') return 'canceled';
  return share > 0 || stuck ? 'running' : 'scheduled';
}

function outputName(schema: string): string {
  return (schema.split('.').at(-1) ?? schema).toLowerCase();
}

/** ConnectionResponseSchema, secrets already redacted in the seed. */
export function renderConnection(state: ConnectionState, now: number): Json {
  const { seed } = state;
  return {
    id: seed.id,
    name: seed.name,
    organization_id: ORGANIZATION.id,
    status: state.status,
    ...(state.statusError !== undefined ? { status_error: state.statusError } : {}),
    type: {
      id: seed.type.id,
      name: seed.type.name,
      logo_url: `https://connect-assets.polytomic.com/logos/${seed.type.id}.svg`,
      operations: [...seed.type.operations],
    },
    configuration: { ...seed.configuration },
    saved: true,
    policies: [],
    api_calls_last_24_hours:
      seed.apiCallsBase === 0
        ? 0
        : pickInRange(
            `${seed.id}:${Math.floor(now / 3_600_000)}`,
            Math.floor(seed.apiCallsBase * 0.8),
            Math.ceil(seed.apiCallsBase * 1.2),
          ),
    created_at: toIso(state.createdAt),
    created_by: actor('priya'),
    updated_at: toIso(state.updatedAt),
    updated_by: actor('priya'),
  };
}
