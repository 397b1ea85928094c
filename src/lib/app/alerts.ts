import type { AlertStore } from '../adapters/dynamo/alert-store.js';
import type { PolytomicApi } from '../adapters/polytomic/client.js';
import { SlackError } from '../adapters/slack/web-api.js';
import type { SlackApi } from '../adapters/slack/web-api.js';
import type { Clock } from '../clock.js';
import { ALERT_POLICY, classifyEvent, planAlerts } from '../core/alerts.js';
import type { AlertEntry, AlertState, WatchMode } from '../core/alerts.js';
import type { SlackMessage } from '../core/message.js';
import { renderFailureAlert, renderFinishedRuns, renderGroupedFailures, renderGroupedRecoveries, renderRecovery, renderRepeatFailure } from '../core/render-alerts.js';
import { ConditionFailedError } from '../errors.js';
import type { Log } from '../log.js';
import { eventSchema } from '../schemas/polytomic.js';

export interface AlertDeps {
  alerts: AlertStore;
  slack: SlackApi;
  polytomic: PolytomicApi;
  polytomicUrl: string;
  clock: Clock;
  log: Log;
  sleep: (ms: number) => Promise<void>;
}

const GAP_MS = 1_100;

/**
 * An event job: a finished run goes into the outbox of every channel watching its sync, and a flush is
 * due a few seconds later, so a wave of failures is posted as one message.
 */
export async function queueEventAlerts(deps: AlertDeps, payload: string): Promise<string> {
  const event = eventSchema.parse(JSON.parse(payload));
  const kind = classifyEvent(event.type);
  const syncId = event.event?.sync_id;
  if (!kind || !syncId) return 'ignored';
  const entry: AlertEntry = {
    eventId: event.id,
    at: Date.parse(event.created_at),
    syncId,
    syncName: event.event?.sync_name ?? event.event?.name ?? syncId,
    syncKind: kind.syncKind,
    outcome: kind.outcome,
    error: event.event?.error ?? undefined,
    records: event.event?.record_count ?? undefined,
  };
  const channels = new Set((await deps.alerts.watchersOf(syncId)).map((w) => w.channelId));
  for (const channelId of channels) await deps.alerts.enqueue(channelId, entry, deps.clock.now() + ALERT_POLICY.batchMs);
  return channels.size ? `queued:${channels.size}` : 'unwatched';
}

/** The poller's pass: posts every channel whose batch window has closed. One failing channel never stops the others. */
export async function flushDueAlerts(deps: AlertDeps): Promise<{ flushed: number; retry: number }> {
  const tally = { flushed: 0, retry: 0 };
  for (const due of await deps.alerts.dueFlushes(deps.clock.now(), 100)) {
    if (!(await deps.alerts.claimFlush(due.channelId, due.dueAt))) continue;
    const log = deps.log.with({ channelId: due.channelId });
    try {
      await flushChannel(deps, due.channelId, log);
      tally.flushed++;
    } catch (error) {
      tally.retry++;
      log.warn('alerts not posted; will try again', { error });
      await deps.alerts.scheduleFlush(due.channelId, deps.clock.now() + 30_000);
    }
  }
  return tally;
}

async function flushChannel(deps: AlertDeps, channelId: string, log: Log): Promise<void> {
  const entries = await deps.alerts.outbox(channelId);
  if (entries.length === 0) return;
  const watches = await deps.alerts.watchesOfChannel(channelId);
  const modeOf = (syncId: string): WatchMode | undefined => (watches.find((w) => w.syncId === syncId) ?? watches.find((w) => w.syncId === 'ALL'))?.mode;
  const syncIds = [...new Set(entries.map((e) => e.syncId))];
  const states = new Map<string, AlertState | undefined>();
  for (const syncId of syncIds) states.set(syncId, await deps.alerts.state(channelId, syncId));
  const plan = planAlerts(entries, states, modeOf);
  const threads = new Map<string, string | undefined>([...states].map(([id, state]) => [id, state?.threadTs]));

  let posts = 0;
  const post = async (message: SlackMessage, thread?: { ts?: string; broadcast?: boolean }) => {
    // Slack allows about one message a second per channel.
    if (posts++ > 0) await deps.sleep(GAP_MS);
    return deps.slack.postMessage({ channel: channelId, ...message, threadTs: thread?.ts, broadcast: thread?.broadcast });
  };

  try {
    if (plan.newFailures.length === 1) {
      const entry = plan.newFailures[0]!;
      threads.set(entry.syncId, (await post(renderFailureAlert(entry, deps.polytomicUrl))).ts);
    } else if (plan.newFailures.length > 1) {
      const { ts } = await post(renderGroupedFailures(plan.newFailures, deps.polytomicUrl));
      for (const entry of plan.newFailures) threads.set(entry.syncId, ts);
    }
    for (const { entry } of plan.repeats) {
      const threadTs = threads.get(entry.syncId);
      if (threadTs) await post(renderRepeatFailure(entry), { ts: threadTs });
      else threads.set(entry.syncId, (await post(renderFailureAlert(entry, deps.polytomicUrl))).ts);
    }
    if (plan.recoveries.length > ALERT_POLICY.maxRecoveryBroadcasts) {
      await post(renderGroupedRecoveries(plan.recoveries.map((r) => r.entry)));
    } else {
      for (const { entry } of plan.recoveries) await post(renderRecovery(entry), { ts: threads.get(entry.syncId), broadcast: true });
    }
    if (plan.runs.length > 0) await post(renderFinishedRuns(plan.runs));
  } catch (error) {
    if (!(error instanceof SlackError) || error.transient) throw error;
    // Refused for good (archived, bot removed): drop this batch rather than retry forever.
    log.warn('alerts dropped: Slack refused the channel', { slackError: error.error, entries: entries.length });
    await deps.alerts.dropFromOutbox(channelId, entries);
    return;
  }

  await saveStates(deps, channelId, entries, plan.stale, states, threads);
  await deps.alerts.dropFromOutbox(channelId, entries);
  log.info('alerts posted', { posts, newFailures: plan.newFailures.length, repeats: plan.repeats.length, recoveries: plan.recoveries.length, stale: plan.stale.length });
}

/** What the channel now knows of each sync: its last applied run, failing or not, and its thread. */
async function saveStates(
  deps: AlertDeps,
  channelId: string,
  entries: readonly AlertEntry[],
  stale: readonly AlertEntry[],
  states: ReadonlyMap<string, AlertState | undefined>,
  threads: ReadonlyMap<string, string | undefined>,
): Promise<void> {
  const applied = entries.filter((e) => !stale.includes(e)).sort((a, b) => a.at - b.at);
  for (const [syncId, previous] of states) {
    const mine = applied.filter((e) => e.syncId === syncId);
    const last = mine.at(-1);
    if (!last) continue;
    const failing = last.outcome === 'failed';
    const failures = failing ? (previous?.failing ? previous.failures : 0) + mine.filter((e) => e.outcome === 'failed').length : 0;
    try {
      await deps.alerts.saveState(channelId, syncId, previous, { failing, threadTs: failing ? threads.get(syncId) : undefined, lastEventAt: last.at, failures }, deps.clock.now());
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
}
