// A sync's run history as GET …/executions pages through it, and each run's console log, both derived
// from the timeline at `now` like everything else.
import { modelRunSummary, renderBulkExecution } from './render.js';
import type { BulkSyncState, ModelSyncState } from './state.js';
import { toIso } from './support.js';
import { EXECUTION_LOOKUP_MS, type RunView, runStart, runsUpTo, type SyncTimeline, viewRun } from './timeline.js';

export type HistoryPage = { views: RunView[]; nextToken?: string } | { error: string };

/** One page of executions, newest first; the token is the creation time of the page's last run. */
export function historyPage(
  timeline: SyncTimeline,
  query: { pageToken?: string; size: number },
  now: number,
  cancelDurationMs: number,
): HistoryPage {
  const before = query.pageToken === undefined ? now + 1 : decodeToken(query.pageToken);
  if (before === undefined) return { error: 'invalid page_token' };
  const oldest = now - EXECUTION_LOOKUP_MS;
  const runs = runsUpTo(timeline, before - 1, query.size + 1, now, cancelDurationMs).filter(
    (run) => run.kind === 'manual' || run.createdAt >= oldest,
  );
  const page = runs.slice(0, query.size);
  const last = page.at(-1);
  return {
    views: page.map((run) => viewRun(run, timeline.cancels, now, cancelDurationMs)),
    ...(runs.length > query.size && last ? { nextToken: encodeToken(last.createdAt) } : {}),
  };
}

const encodeToken = (createdAt: number): string => Buffer.from(String(createdAt)).toString('base64url');

function decodeToken(token: string): number | undefined {
  const value = Number(Buffer.from(token, 'base64url').toString('utf8'));
  return Number.isSafeInteger(value) ? value : undefined;
}

export interface LogLine {
  at: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

const RECORDS_PER_LINE = 1_000;

/** A model-sync run's console log so far: a line per thousand records written, so long runs outgrow 50 lines. */
export function modelConsoleLog(
  state: ModelSyncState,
  view: RunView,
  now: number,
  cancelDurationMs: number,
): LogLine[] {
  const { run } = view;
  const start = runStart(run);
  const outcome = modelRunSummary(state, viewRun(run, state.timeline.cancels, view.end, cancelDurationMs));
  const failed = outcome.status === 'failed';
  const { total, insert, update, delete: deleted, error } = outcome.counts;
  const batches = Math.ceil(total / RECORDS_PER_LINE);
  const lines: LogLine[] = [
    { at: run.createdAt, level: 'info', message: `Execution created (${run.kind})` },
    { at: start, level: 'info', message: `Reading model "${state.seed.modelName}"` },
  ];
  for (let i = 1; i <= batches; i += 1) {
    lines.push({
      at: start + Math.floor(((view.end - start) * i) / (batches + 1)),
      level: 'info',
      message: `Wrote ${Math.min(i * RECORDS_PER_LINE, total)} of ${total} records to ${state.seed.targetObject}`,
    });
  }
  for (const message of outcome.errors) lines.push({ at: view.end, level: failed ? 'error' : 'warning', message });
  lines.push(
    view.canceled
      ? { at: view.end, level: 'warning', message: 'Execution canceled' }
      : failed
        ? { at: view.end, level: 'error', message: 'Sync failed' }
        : {
            at: view.end,
            level: 'info',
            message: `Completed: ${insert} inserted, ${update} updated, ${deleted} deleted, ${error} errored`,
          },
  );
  return lines.filter((line) => line.at <= now);
}

/** A bulk-sync run's console log so far: a line as each schema starts and ends, then the run's end. */
export function bulkConsoleLog(state: BulkSyncState, view: RunView, now: number): LogLine[] {
  const execution = renderBulkExecution(state, view, now) as unknown as RenderedRun & { schemas: RenderedSchema[] };
  const lines: LogLine[] = [{ at: view.run.createdAt, level: 'info', message: `Execution created (${view.run.kind})` }];
  for (const s of execution.schemas) {
    if (s.started_at) lines.push({ at: Date.parse(s.started_at), level: 'info', message: `${s.schema}: syncing` });
    if (!s.completed_at) continue;
    const at = Date.parse(s.completed_at);
    if (s.status === 'failed') lines.push({ at, level: 'error', message: `${s.schema}: failed: ${s.status_message}` });
    else lines.push({ at, level: 'info', message: `${s.schema}: ${s.status}, ${s.record_count} records` });
  }
  if (execution.completed_at) {
    const at = Date.parse(execution.completed_at);
    lines.push(
      execution.status === 'failed'
        ? { at, level: 'error', message: `Execution failed: ${execution.status_message}` }
        : { at, level: 'info', message: `Execution ${execution.status}: ${execution.record_count} records` },
    );
  }
  return lines.sort((a, b) => a.at - b.at);
}

// The fields of renderBulkExecution's JSON (and of each of its schemas) the log is told from.
interface RenderedRun {
  status: string;
  status_message: string;
  record_count: number;
  started_at?: string;
  completed_at?: string;
}
type RenderedSchema = RenderedRun & { schema: string };

/**
 * The `consolelog` answer: the latest `limit` lines (at most 50, all Polytomic keeps) newer than `after`,
 * oldest first; an entry's id is `<ms>-<line index>`, the cursor form of the SDK's example.
 */
export function renderConsoleLog(lines: LogLine[], query: { after?: string; limit: number }): Record<string, unknown> {
  const cursor = Number(query.after?.split('-')[1]);
  const after = Number.isInteger(cursor) ? cursor : -1;
  const entries = lines
    .map((line, index) => ({ id: `${line.at}-${index}`, level: line.level, message: line.message, at: line.at }))
    .filter((_entry, index) => index > after)
    .slice(-query.limit)
    .map(({ at, ...entry }) => ({ ...entry, timestamp: toIso(at) }));
  return { entries, ...(entries.length > 0 ? { next_cursor: entries.at(-1)?.id } : {}) };
}
