import { mapWithConcurrency } from '../concurrency.js';
import type { Refresh } from '../core/refresh.js';
import { decideRefresh, diffSchemas } from '../core/refresh.js';
import { renderRefreshFinishedParent, renderRefreshReply } from '../core/render-refresh.js';
import { ConditionFailedError } from '../errors.js';
import type { Log } from '../log.js';
import { PolytomicError } from './ports/polytomic.js';
import { SlackError } from './ports/slack.js';
import { postOnce } from './post-once.js';
import type { RefreshDeps } from './refresh.js';

export type CheckResult = 'waiting' | 'finished' | 'retry' | 'lost_race';

// Polite to Polytomic, and enough to check a few hundred pending refreshes well inside one tick.
const CHECK_CONCURRENCY = 8;
const DUE_PER_TICK = 500;
// The connection's health changes rarely; reading it on every sixth check (about every 30 s) halves the calls.
const HEALTH_CHECK_EVERY = 6;

/**
 * One pass of the watcher: checks every refresh that is due and finishes those that are over. Safe to run
 * in overlapping invocations: every step is a conditional write, and losing one is a normal outcome.
 */
export async function checkDueRefreshes(deps: RefreshDeps): Promise<Record<CheckResult, number>> {
  const tally: Record<CheckResult, number> = { waiting: 0, finished: 0, retry: 0, lost_race: 0 };
  const due = await deps.refreshStore.listDue(deps.clock.now(), DUE_PER_TICK);
  await mapWithConcurrency(due, CHECK_CONCURRENCY, async (refresh) => {
    const log = deps.log.with({
      connectionId: refresh.connectionId,
      channelId: refresh.channelId,
      jobId: refresh.jobId,
    });
    try {
      tally[await checkRefresh(deps, refresh, log)]++;
    } catch (error) {
      if (error instanceof ConditionFailedError) {
        tally.lost_race++;
        return;
      }
      // One failing refresh never stops the others; it stays due and is tried on the next tick.
      tally.retry++;
      log.warn('refresh check failed; will try again', { error });
    }
  });
  return tally;
}

async function checkRefresh(deps: RefreshDeps, refresh: Refresh, log: Log): Promise<CheckResult> {
  const now = deps.clock.now();
  const save = async (changes: Partial<Refresh>) =>
    (refresh = await deps.refreshStore.save(refresh, changes, deps.clock.now()));
  if (refresh.status === 'pending') {
    let observed;
    // The error of this check, when it could not read the status: the one the timed-out reply explains.
    let unreadable: string | undefined;
    try {
      const [schema, connection] = await Promise.all([
        deps.polytomic.getSchemaStatus(refresh.connectionId),
        refresh.checks % HEALTH_CHECK_EVERY === 0 ? deps.polytomic.getConnection(refresh.connectionId) : undefined,
      ]);
      observed = { schema, connection };
    } catch (error) {
      if (!(error instanceof PolytomicError)) throw error;
      if (error.code === 'polytomic_not_found') {
        observed = {
          schema: refresh.lastSeen ?? {},
          connection: { status: 'deleted', statusError: 'The connection no longer exists in Polytomic.' },
        };
      } else if (refresh.deadline !== undefined && now >= refresh.deadline) {
        // Past the deadline an error that will not clear (a revoked key, a 403) ends the watch like any timeout.
        unreadable = error.code;
        observed = { schema: refresh.lastSeen ?? {} };
      } else {
        await save({
          dueAt: now + deps.timing.refreshCheckIntervalMs,
          checks: refresh.checks + 1,
          lastError: error.code,
        });
        log.warn('schema status unavailable; will check again', { code: error.code });
        return 'retry';
      }
    }
    const decision = decideRefresh({ refresh, ...observed, now });
    if (decision.kind === 'wait') {
      if (decision.unknownCacheStatus !== undefined)
        log.warn('unknown cache_status; treated as not done', { cacheStatus: decision.unknownCacheStatus });
      await save({
        dueAt: now + deps.timing.refreshCheckIntervalMs,
        checks: refresh.checks + 1,
        lastSeen: observed.schema,
        lastError: undefined,
      });
      return 'waiting';
    }
    // Claim the transition before telling anyone: of two overlapping runs, only one gets past this write.
    await save({
      status: 'finishing',
      outcome: decision.outcome,
      detail: decision.detail,
      finishedAt: now,
      lastSeen: observed.schema,
      checks: refresh.checks + 1,
      dueAt: now + deps.timing.refreshFinishLeaseMs,
      lastError: unreadable,
    });
    log.info('refresh over', {
      outcome: decision.outcome,
      ms: refresh.requestedAt === undefined ? undefined : now - refresh.requestedAt,
    });
  } else {
    // A finishing step whose run died half way: take it over, conditionally, and carry on from what it recorded.
    await save({ dueAt: now + deps.timing.refreshFinishLeaseMs });
  }
  await tellChannel(deps, refresh, save, log);
  return 'finished';
}

/** Posts the threaded reply once, updates the parent, and marks the refresh done; each step recorded as it lands. */
async function tellChannel(
  deps: RefreshDeps,
  start: Refresh,
  save: (changes: Partial<Refresh>) => Promise<Refresh>,
  log: Log,
): Promise<void> {
  let refresh = start;
  const parentTs = refresh.parentTs;
  try {
    if (parentTs && !refresh.replyTs && !refresh.parentGone) {
      const after =
        refresh.outcome === 'fresh' && refresh.schemasBefore ? await listSchemasAfter(deps, refresh) : undefined;
      const reply = await postOnce(deps, `refresh:${refresh.jobId}:reply`, {
        channel: refresh.channelId,
        threadTs: parentTs,
        ...renderRefreshReply(refresh, diffSchemas(refresh.schemasBefore, after)),
      });
      if (reply.threaded) {
        refresh = await save({ replyTs: reply.ts });
      } else {
        // The parent was deleted, so Slack posted the "reply" at top level: take it back rather than spam the channel.
        await deps.slack
          .deleteMessage(refresh.channelId, reply.ts)
          .catch((error: unknown) => log.warn('stray reply not deleted', { error }));
        refresh = await save({ parentGone: true });
        log.warn('parent message is gone; result not posted', { outcome: refresh.outcome });
      }
    }
    if (parentTs && !refresh.parentGone) {
      await deps.slack
        .updateMessage({
          channel: refresh.channelId,
          ts: parentTs,
          ...renderRefreshFinishedParent(refresh, deps.clock.now()),
        })
        .catch((error: unknown) => {
          if (error instanceof SlackError && !error.transient)
            log.warn('parent message not updated', { slackError: error.error });
          else throw error;
        });
    }
    await save({ status: 'done' });
  } catch (error) {
    if (error instanceof SlackError && !error.transient) {
      // Slack refused for good (removed from the channel, archived…): record it and stop, never retry forever.
      log.warn('refresh result could not be posted', { slackError: error.error });
      await save({
        status: 'done',
        detail: `${refresh.detail ? `${refresh.detail}; ` : ''}not posted: ${error.error}`,
      });
      return;
    }
    throw error;
  }
}

async function listSchemasAfter(deps: RefreshDeps, refresh: Refresh): Promise<string[] | undefined> {
  try {
    return await deps.polytomic.listSchemaNames(refresh.connectionId);
  } catch {
    return undefined;
  }
}
