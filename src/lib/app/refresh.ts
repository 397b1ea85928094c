import { renderPolytomicFailure } from '../core/failure.js';
import type { SlackMessage } from '../core/message.js';
import { escapeText } from '../core/mrkdwn.js';
import type { Refresh } from '../core/refresh.js';
import { REFRESH_POLICY } from '../core/refresh.js';
import {
  renderCannotPost,
  renderNotHealthy,
  renderRefreshAccepted,
  renderRefreshAlreadyRunning,
  renderRefreshFinishedParent,
  renderRefreshNotStarted,
  renderRefreshReply,
  renderRefreshStarted,
} from '../core/render-refresh.js';
import type { Timing } from '../core/timing.js';
import type { Job } from '../schemas/items.js';
import { endsTheJob } from './answer.js';
import { findConnection } from './connections.js';
import type { AuditStore } from './ports/audit-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';
import type { RefreshStore } from './ports/refresh-store.js';
import { SlackError } from './ports/slack.js';
import type { PostOnceDeps } from './post-once.js';
import { postOnce } from './post-once.js';
import { recordChange } from './record-change.js';

export interface RefreshDeps extends PostOnceDeps {
  polytomic: PolytomicApi;
  auditStore: AuditStore;
  refreshStore: RefreshStore;
  /** How long to watch a refresh before giving up. */
  refreshTimeoutMs: number;
  timing: Timing;
}

/**
 * `/polytomic refresh <connection>` and the Refresh schema button. Takes the connection's one refresh slot
 * first, so two people asking at once get one refresh and one thread. Then it posts the parent message
 * before asking Polytomic, so no refresh starts that nobody will hear about; each step is recorded, so a
 * retried job resumes where it stopped instead of posting twice.
 */
export async function requestRefresh(
  deps: RefreshDeps,
  input: { job: Job; query: string; userId: string; channelId: string; commandName: string },
): Promise<SlackMessage> {
  const found = await findConnection(deps.polytomic, input.query, { name: input.commandName, verb: 'refresh' });
  if ('message' in found) return found.message;
  const connection = await deps.polytomic.getConnection(found.connection.id);
  const record = (outcome: string) =>
    recordChange(deps, input.job, {
      action: 'refresh',
      target: { kind: 'connection', id: connection.id, name: connection.name },
      outcome,
    });
  if (connection.status !== 'healthy') {
    await record('refused_unhealthy');
    return renderNotHealthy(connection);
  }

  const claim = await deps.refreshStore.claim(
    {
      connectionId: connection.id,
      connectionName: connection.name,
      connectionType: connection.typeName,
      jobId: input.job.id,
      channelId: input.channelId,
      requestedBy: input.userId,
    },
    deps.clock.now(),
    deps.clock.now() + deps.timing.refreshStartingLeaseMs,
  );
  if (claim.kind === 'taken') {
    await record('already_running');
    return renderRefreshAlreadyRunning(claim.refresh);
  }
  let refresh = claim.refresh;
  // A retry of this job once its refresh got past starting (its answer was lost): answer again, start nothing.
  if (refresh.status !== 'starting') {
    const outcome = refresh.outcome === 'not_started' ? 'not_started' : 'started';
    await record(outcome);
    if (outcome === 'not_started') return renderRefreshNotStarted(refresh);
    return refresh.status === 'done' ? renderRefreshReply(refresh, undefined) : renderRefreshAccepted(refresh);
  }
  const save = async (changes: Partial<Refresh>) =>
    (refresh = await deps.refreshStore.save(refresh, changes, deps.clock.now()));

  try {
    if (!refresh.statusBefore) {
      const [statusBefore, schemasBefore] = await Promise.all([
        deps.polytomic.getSchemaStatus(connection.id),
        listSchemasForDiff(deps, connection.id),
      ]);
      await save({ statusBefore, schemasBefore });
    }
    if (!refresh.parentTs) {
      const parent = await postParent(deps, refresh);
      if ('refused' in parent) {
        await save({ status: 'done', outcome: 'not_started', detail: parent.refused });
        await record('not_started');
        return renderCannotPost(parent.refused, input.channelId);
      }
      await save(parent);
    }
    // Recorded before the request, so a retry keeps the first request time and still recognises its refresh.
    if (refresh.requestedAt === undefined) await save({ requestedAt: deps.clock.now() });
    try {
      await deps.polytomic.refreshSchemas(connection.id, `refresh-${input.job.id}`);
    } catch (error) {
      if (!(error instanceof PolytomicError) || error.transient) throw error;
      await endUnstarted(deps, refresh, error.detail ?? error.code);
      await record('not_started');
      return renderPolytomicFailure(error, `refresh the schema of *${escapeText(connection.name)}*`);
    }
    const requestedAt = refresh.requestedAt ?? deps.clock.now();
    await save({
      status: 'pending',
      deadline: requestedAt + deps.refreshTimeoutMs,
      dueAt: deps.clock.now() + deps.timing.refreshCheckIntervalMs,
      startingUntil: undefined,
    });
    await record('started');
    return renderRefreshAccepted(refresh);
  } catch (error) {
    // When the job ends here (its last attempt, or an error no retry cures) nothing will resume this refresh:
    // free the slot and say so on the parent. Once Polytomic has the request, the watcher owns it.
    if (endsTheJob(input.job, error) && refresh.status === 'starting')
      await endUnstarted(deps, refresh, 'the bot could not start it').catch(() => undefined);
    throw error;
  }
}

async function listSchemasForDiff(deps: RefreshDeps, connectionId: string): Promise<string[] | undefined> {
  try {
    const names = await deps.polytomic.listSchemaNames(connectionId);
    return names.length <= REFRESH_POLICY.maxSchemasCompared ? names : undefined;
  } catch (error) {
    // A connection that cannot list its schemas simply gets no "what changed".
    if (error instanceof PolytomicError && !error.transient) return undefined;
    throw error;
  }
}

async function postParent(
  deps: RefreshDeps,
  refresh: Refresh,
): Promise<{ parentTs: string; permalink?: string } | { refused: string }> {
  try {
    const { ts } = await postOnce(deps, `refresh:${refresh.jobId}:parent`, {
      channel: refresh.channelId,
      ...renderRefreshStarted(refresh, deps.clock.now()),
    });
    return { parentTs: ts, permalink: await deps.slack.permalink(refresh.channelId, ts) };
  } catch (error) {
    if (error instanceof SlackError && !error.transient) return { refused: error.error };
    throw error;
  }
}

async function endUnstarted(deps: RefreshDeps, refresh: Refresh, detail: string): Promise<void> {
  const ended = await deps.refreshStore.save(
    refresh,
    { status: 'done', outcome: 'not_started', detail, finishedAt: deps.clock.now() },
    deps.clock.now(),
  );
  if (ended.parentTs) {
    await deps.slack
      .updateMessage({
        channel: ended.channelId,
        ts: ended.parentTs,
        ...renderRefreshFinishedParent(ended, deps.clock.now()),
      })
      .catch((error: unknown) => deps.log.warn('parent message not updated', { error }));
  }
}
