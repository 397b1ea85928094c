import { createHash } from 'node:crypto';
import type { AlertEntry, AlertState, WatchMode } from '../core/alerts.js';
import { ALERT_POLICY, classifyEvent, planAlerts } from '../core/alerts.js';
import { silenceSnoozed } from '../core/incident.js';
import type { SlackMessage } from '../core/message.js';
import {
  renderFailureAlert,
  renderFinishedRuns,
  renderGroupedFailures,
  renderGroupedRecoveries,
  renderRecovery,
  renderRepeatFailure,
} from '../core/render-alerts.js';
import { withNotified, withOwner } from '../core/render-incident.js';
import type { RunCounts } from '../core/sync.js';
import { applyErrorsRule } from '../core/watch-rules.js';
import { ConditionFailedError } from '../errors.js';
import type { Log } from '../log.js';
import type { PolytomicEvent } from '../schemas/polytomic-event.js';
import { eventSchema } from '../schemas/polytomic-event.js';
import type { AlertDeps } from './alert-deps.js';
import { readFailureContext } from './failure-context.js';
import { alertRoot, closeIncident, incidentsOf, openIncident, snoozedIn, watchOf } from './incident.js';
import { SlackError } from './ports/slack.js';
import { postOnce } from './post-once.js';

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
    executionId: event.event?.execution_id ?? undefined,
    counts: eventCounts(event),
  };
  const watchers = await deps.alertStore.watchersOf(syncId);
  const channels = new Set(watchers.map((w) => w.channelId));
  // Read once per event, and only for a sync some channel watches.
  if (channels.size > 0) entry.context = await readFailureContext(deps, entry);
  for (const channelId of channels) {
    // Each channel's own watch rules decide what the run is to it (errors over its threshold: a failure).
    const own = watchers.find((w) => w.channelId === channelId && w.syncId === syncId);
    await deps.alertStore.enqueue(
      channelId,
      applyErrorsRule(entry, own?.rules),
      deps.clock.now() + deps.timing.alertBatchMs,
    );
  }
  return channels.size ? `queued:${channels.size}` : 'unwatched';
}

/** The counts an event carries (Polytomic names errors two ways), or undefined when it carries none. */
function eventCounts(event: PolytomicEvent): RunCounts | undefined {
  const detail = event.event;
  const counts: RunCounts = {
    total: detail?.record_count ?? undefined,
    errored: detail?.error_count ?? detail?.number_of_errors ?? undefined,
    warnings: detail?.warning_count ?? undefined,
  };
  return Object.values(counts).some((n) => n !== undefined) ? counts : undefined;
}

/** The poller's pass: posts every channel whose batch window has closed. One failing channel never stops the others. */
export async function flushDueAlerts(deps: AlertDeps): Promise<{ flushed: number; retry: number }> {
  const tally = { flushed: 0, retry: 0 };
  for (const due of await deps.alertStore.dueFlushes(deps.clock.now(), 100)) {
    const held = await deps.alertStore.claimFlush(
      due,
      deps.clock.now() + deps.timing.alertFlushLeaseMs,
      deps.clock.now(),
    );
    if (!held) continue;
    const log = deps.log.with({ channelId: due.channelId });
    try {
      await flushChannel(deps, due.channelId, log);
      await deps.alertStore.releaseFlush(held, deps.clock.now());
      // Entries queued while this run posted found its flush in place and scheduled none of their own.
      if ((await deps.alertStore.outbox(due.channelId)).length > 0)
        await deps.alertStore.scheduleFlush(due.channelId, deps.clock.now() + deps.timing.alertBatchMs);
      tally.flushed++;
    } catch (error) {
      tally.retry++;
      log.warn('alerts not posted; will try again', { error });
      await deps.alertStore.releaseFlush(held, deps.clock.now(), deps.clock.now() + deps.timing.alertRetryMs);
    }
  }
  return tally;
}

/**
 * Posts a channel's outbox. Each message is recorded as soon as Slack has it (the states of its syncs
 * saved, its entries taken out of the outbox), so a flush interrupted half way posts only the rest when
 * it is tried again.
 */
async function flushChannel(deps: AlertDeps, channelId: string, log: Log): Promise<void> {
  const entries = await deps.alertStore.outbox(channelId);
  if (entries.length === 0) return;
  const watches = await deps.alertStore.watchesOfChannel(channelId);
  const modeOf = (syncId: string): WatchMode | undefined =>
    (watches.find((w) => w.syncId === syncId) ?? watches.find((w) => w.syncId === 'ALL'))?.mode;
  const before = new Map<string, AlertState | undefined>();
  for (const syncId of new Set(entries.map((e) => e.syncId)))
    before.set(syncId, await deps.alertStore.state(channelId, syncId));
  // A snoozed sync's entries are recorded like any other, but nothing about it is posted.
  const incidents = await incidentsOf(deps, channelId, before.keys());
  const snoozed = snoozedIn(incidents, deps.clock.now());
  const planned = planAlerts(entries, before, modeOf);
  const plan = silenceSnoozed(planned, snoozed);
  const threads = new Map<string, string | undefined>([...before].map(([id, state]) => [id, state?.threadTs]));
  const progress = trackProgress(deps, channelId, before, plan.ignored, threads);

  let posts = 0;
  const post = async (
    message: SlackMessage,
    covers: readonly AlertEntry[],
    options: {
      thread?: string;
      broadcast?: boolean;
      opensThread?: boolean;
      /** What else this message changes, done before its entries are recorded (so a crash replays it). */
      onPosted?: (ts: string) => Promise<void>;
    } = {},
  ) => {
    // Slack allows about one message a second per channel.
    if (posts++ > 0) await deps.sleep(GAP_MS);
    const { ts } = await postOnce(deps, alertPostKey(channelId, covers), {
      channel: channelId,
      ...message,
      threadTs: options.thread,
      broadcast: options.broadcast,
    });
    if (options.opensThread) for (const entry of covers) threads.set(entry.syncId, ts);
    await options.onPosted?.(ts);
    await progress.record(covers);
  };
  // A single failure alert carries the incident controls (grouped ones do not: see ARCHITECTURE).
  const postAlert = async (entry: AlertEntry) => {
    const base = renderFailureAlert(entry, deps.polytomicUrl);
    const watch = watchOf(watches, entry.syncId);
    await post(alertRoot(base, entry, channelId, watch), [entry], {
      opensThread: true,
      onPosted: async (threadTs) => {
        const permalink = await deps.slack.permalink(channelId, threadTs);
        await openIncident(deps, { channelId, entry, base, threadTs, permalink, watch });
      },
    });
  };
  const ownerIn = (syncId: string, threadTs: string) => {
    const incident = incidents.get(syncId);
    return incident?.threadTs === threadTs && incident.recoveredAt === undefined ? incident.owner?.userId : undefined;
  };
  const closes = (entries: readonly AlertEntry[]) => async () => {
    for (const entry of entries) await closeIncident(deps, channelId, entry, log);
  };

  try {
    if (plan.newFailures.length === 1) await postAlert(plan.newFailures[0]!);
    else if (plan.newFailures.length > 1)
      await post(
        withNotified(
          renderGroupedFailures(plan.newFailures, deps.polytomicUrl),
          plan.newFailures.flatMap((e) => watchOf(watches, e.syncId)?.notify ?? []),
        ),
        plan.newFailures,
        {
          opensThread: true,
          // Each sync's failure is open in this thread (the Home and `watch` say so), without per-sync controls.
          onPosted: async (threadTs) => {
            const permalink = await deps.slack.permalink(channelId, threadTs);
            for (const entry of plan.newFailures)
              await openIncident(deps, {
                channelId,
                entry,
                threadTs,
                permalink,
                watch: watchOf(watches, entry.syncId),
              });
          },
        },
      );
    for (const { entry, inARow } of plan.repeats) {
      const threadTs = threads.get(entry.syncId);
      const suggestPause = inARow === deps.suggestPauseAt ? inARow : undefined;
      if (threadTs)
        await post(withOwner(renderRepeatFailure(entry, suggestPause), ownerIn(entry.syncId, threadTs)), [entry], {
          thread: threadTs,
        });
      else await postAlert(entry);
    }
    if (plan.recoveries.length > ALERT_POLICY.maxRecoveryBroadcasts) {
      await post(
        renderGroupedRecoveries(plan.recoveries.map((r) => r.entry)),
        plan.recoveries.map((r) => r.entry),
        { onPosted: closes(plan.recoveries.map((r) => r.entry)) },
      );
    } else {
      for (const { entry } of plan.recoveries)
        await post(renderRecovery(entry), [entry], {
          thread: threads.get(entry.syncId),
          // A recovery while snoozed closes its alert quietly.
          broadcast: !snoozed(entry.syncId),
          onPosted: closes([entry]),
        });
    }
    if (plan.runs.length > 0) await post(renderFinishedRuns(plan.runs), plan.runs);
  } catch (error) {
    if (!(error instanceof SlackError) || error.transient) throw error;
    // Refused for good (archived, bot removed): drop the rest of this batch rather than retry forever.
    const dropped = progress.unrecorded(entries);
    log.warn('alerts dropped: Slack refused the channel', { slackError: error.error, entries: dropped.length });
    await deps.alertStore.dropFromOutbox(channelId, dropped);
    return;
  }

  // What needed no message (ignored or unwatched entries, routine completions, snoozed syncs) still moves the
  // states on; a recovery no message told (inside a snooze) still closes its incident.
  const untold = progress.unrecorded(entries);
  await closes(untold.filter((e) => planned.recoveries.some((r) => r.entry === e)))();
  await progress.record(untold);
  log.info('alerts posted', {
    posts,
    newFailures: plan.newFailures.length,
    repeats: plan.repeats.length,
    recoveries: plan.recoveries.length,
    ignored: plan.ignored.length,
  });
}

/** One message per set of events in a channel: a flush retried after a crash replans the same messages from the same outbox. */
function alertPostKey(channelId: string, covers: readonly AlertEntry[]): string {
  const events = covers
    .map((entry) => entry.eventId)
    .sort()
    .join(',');
  return `alert:${channelId}:${createHash('sha256').update(events).digest('base64url').slice(0, 32)}`;
}

/**
 * What the channel knows of each sync as a flush goes on: the state at its start with every entry
 * recorded so far applied in event order (failing or not, its thread, its last run), saved after each
 * message; recorded entries leave the outbox.
 */
function trackProgress(
  deps: AlertDeps,
  channelId: string,
  before: ReadonlyMap<string, AlertState | undefined>,
  ignored: readonly AlertEntry[],
  threads: ReadonlyMap<string, string | undefined>,
) {
  const recorded = new Set<AlertEntry>();
  const saved = new Map(before);
  return {
    unrecorded: (entries: readonly AlertEntry[]) => entries.filter((e) => !recorded.has(e)),
    async record(covered: readonly AlertEntry[]): Promise<void> {
      for (const entry of covered) recorded.add(entry);
      for (const syncId of new Set(covered.map((e) => e.syncId))) {
        const applied = [...recorded]
          .filter((e) => e.syncId === syncId && !ignored.includes(e))
          .sort((a, b) => a.at - b.at);
        const last = applied.at(-1);
        if (!last) continue;
        const start = before.get(syncId);
        const failing = last.outcome === 'failed';
        // Failures in a row: those since the last entry that was not one, plus the channel's count if none was.
        const inARow = applied.length - 1 - applied.findLastIndex((e) => e.outcome !== 'failed');
        const failures = failing ? (inARow === applied.length && start?.failing ? start.failures : 0) + inARow : 0;
        const next = { failing, threadTs: failing ? threads.get(syncId) : undefined, lastEventAt: last.at, failures };
        try {
          saved.set(
            syncId,
            await deps.alertStore.saveState(channelId, syncId, saved.get(syncId), next, deps.clock.now()),
          );
        } catch (error) {
          if (!(error instanceof ConditionFailedError)) throw error;
        }
      }
      await deps.alertStore.dropFromOutbox(channelId, covered);
    },
  };
}
