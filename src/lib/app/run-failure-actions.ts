import type { RunRef } from '../core/buttons.js';
import { tablesStillFailing } from '../core/failure-context.js';
import type { SlackMessage } from '../core/message.js';
import {
  renderConsoleLog,
  renderErroredRecords,
  renderLogPosted,
  renderNothingToRetry,
  renderRetryRefused,
  renderRetryRepeated,
  renderRetryWhileRunning,
  renderTablesRetried,
} from '../core/render-failure-context.js';
import type { SyncRef } from '../core/sync.js';
import type { PressOutcome } from '../core/sync-press.js';
import { pressTime } from '../core/sync-press.js';
import { endsTheJob } from './answer.js';
import { PolytomicError } from './ports/polytomic.js';
import { postOnce } from './post-once.js';
import { RECENT_RUNS } from './recent-runs.js';
import { recordChange } from './record-change.js';
import type { ButtonPress, SlackWorkDeps } from './slack-work.js';
import { pressedOn } from './slack-work.js';
import { claimPress } from './sync-actions.js';

/**
 * Show log: the run's console log tail as a reply in the thread of the message pressed on (the alert's, for
 * a repeat in its thread), once per run and thread however often it is pressed or its job retried; on a
 * card only the presser sees, to the presser alone.
 */
export async function showRunLog(deps: SlackWorkDeps, press: ButtonPress, run: RunRef): Promise<SlackMessage> {
  const [sync, entries] = await Promise.all([
    deps.polytomic.getSync(run.sync),
    deps.polytomic.getConsoleLog(run.sync, run.executionId),
  ]);
  const log = renderConsoleLog({ sync, executionId: run.executionId, entries });
  if (press.ephemeral) return log;
  const channel = press.who.channelId;
  const threadTs = press.threadTs ?? press.messageTs;
  await postOnce(deps, `log:${channel}:${threadTs}:${run.executionId}`, { channel, threadTs, ...log });
  return renderLogPosted();
}

/** Errored records: the signed links, answered to the presser only. They carry a signature: never logged. */
export async function showErroredRecords(deps: SlackWorkDeps, run: RunRef): Promise<SlackMessage> {
  const [sync, links] = await Promise.all([
    deps.polytomic.getSync(run.sync),
    deps.polytomic.getErroredRecords(run.sync.id, run.executionId),
  ]);
  deps.log.info('errored record links shown to the presser', { syncId: sync.id, links: links.urls.length });
  return renderErroredRecords({ sync, links });
}

/**
 * Retry failed tables. The button carries the run, not its tables: the run is read again, and tables a later
 * run has synced since are left out. Once per failed run, wherever and however often it is pressed: the first
 * job to claim the run's key asks Polytomic (under a key of its own, so its retry starts nothing twice) and
 * audits it with the tables it named; a double click or a second person is told who retried them, and when.
 * A press that started nothing (a run in progress, nothing left to retry, refused, or a job that ended in an
 * error before Polytomic accepted) gives the key up again; once Polytomic accepted, the key is settled at once,
 * before the audit, so a job that fails after that keeps it and its retry finishes the audit, starting nothing.
 */
export async function retryFailedTables(deps: SlackWorkDeps, press: ButtonPress, ref: RunRef): Promise<SlackMessage> {
  const sync = await deps.polytomic.getSync(ref.sync);
  const key = `retry-tables:${sync.id}:${ref.executionId}`;
  const { claim } = await claimPress(deps.auditStore, key, pressedOn(press));
  if (claim.jobId !== press.job.id) return renderRetryRepeated(sync, claim.userId, pressTime(claim.at));
  // This job's earlier attempt had the run started (and failed after): finish that, do not ask again.
  const startedBefore: PressOutcome | undefined =
    claim.outcome === 'started' && claim.executionId ? { kind: 'started', executionId: claim.executionId } : undefined;
  try {
    return await retryClaimed(deps, press, { sync, ref, key, startedBefore });
  } catch (error) {
    // A press whose job ends here gives the run back, so a later press may retry it; a started one keeps it
    // (`releaseChange` gives up only a claim that was never settled).
    if (endsTheJob(press.job, error)) await deps.auditStore.releaseChange(key, press.job.id).catch(() => undefined);
    throw error;
  }
}

/** The claimed retry: read the run, start what still fails, settle or give back the claim, audit it. */
async function retryClaimed(
  deps: SlackWorkDeps,
  press: ButtonPress,
  { sync, ref, key, startedBefore }: { sync: SyncRef; ref: RunRef; key: string; startedBefore?: PressOutcome },
): Promise<SlackMessage> {
  const [run, recent] = await Promise.all([
    deps.polytomic.getExecution(sync, ref.executionId),
    deps.polytomic.listExecutions(sync, RECENT_RUNS),
  ]);
  const tables = tablesStillFailing(run, recent);
  if (!startedBefore && tables.length === 0) {
    await deps.auditStore.releaseChange(key, press.job.id);
    return renderNothingToRetry(sync);
  }
  const outcome = startedBefore ?? (await startTables(deps, sync, tables, press.job.id));
  const executionId = 'executionId' in outcome ? outcome.executionId : undefined;
  if (outcome.kind === 'started')
    await deps.auditStore.settleChange(key, press.job.id, { outcome: 'started', executionId });
  else await deps.auditStore.releaseChange(key, press.job.id);
  await recordChange(deps, press.job, {
    action: 'start',
    target: { kind: sync.kind, id: sync.id, name: sync.name },
    outcome: outcome.kind,
    executionId,
    tables,
  });
  if (outcome.kind === 'already_running') return renderRetryWhileRunning(sync);
  if (outcome.kind === 'refused') return renderRetryRefused(sync, outcome.detail);
  return renderTablesRetried({ sync, tables });
}

/** Asks Polytomic to run the tables, under this job's key: a retried job starts nothing twice. */
async function startTables(deps: SlackWorkDeps, sync: SyncRef, tables: string[], jobId: string): Promise<PressOutcome> {
  try {
    const started = await deps.polytomic.startBulkSchemas(sync.id, tables, `retry-tables-${jobId}`);
    return { kind: 'started', executionId: started.executionId };
  } catch (error) {
    if (!(error instanceof PolytomicError)) throw error;
    if (error.code === 'polytomic_conflict') return { kind: 'already_running' };
    if (error.code === 'polytomic_bad_request') return { kind: 'refused', detail: error.detail };
    throw error;
  }
}
