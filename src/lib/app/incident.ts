import type { AlertEntry, Watch } from '../core/alerts.js';
import type { Incident, IncidentFields } from '../core/incident.js';
import { decideDueTimers, isOpen, isSnoozed, openedIncident, recoveredIncident } from '../core/incident.js';
import type { SlackMessage } from '../core/message.js';
import { renderAlertRoot, renderSnoozeEnded, renderUnownedReminder } from '../core/render-incident.js';
import { ConditionFailedError } from '../errors.js';
import type { Log } from '../log.js';
import type { AlertDeps } from './alert-deps.js';
import { homesChanged } from './home.js';
import { SlackError } from './ports/slack.js';
import { postOnce } from './post-once.js';

// The incident workflow's part of the alert flush (what a snooze silences, opening and closing an alert)
// and its timers (a snooze's end, a failure nobody took), run by the poller.

/** The watch that covers a sync in a channel: its own, or the channel's `watch all`. */
export const watchOf = (watches: readonly Watch[], syncId: string): Watch | undefined =>
  watches.find((w) => w.syncId === syncId) ?? watches.find((w) => w.syncId === 'ALL');

/** The channel's incidents of the syncs a flush is about: what it needs to know which are snoozed. */
export async function incidentsOf(
  deps: AlertDeps,
  channelId: string,
  syncIds: Iterable<string>,
): Promise<ReadonlyMap<string, Incident | undefined>> {
  const found = new Map<string, Incident | undefined>();
  for (const syncId of syncIds) found.set(syncId, await deps.incidentStore.get(channelId, syncId));
  return found;
}

/** A snooze silences this sync in the flush that read `incidents`. */
export const snoozedIn =
  (incidents: ReadonlyMap<string, Incident | undefined>, now: number) =>
  (syncId: string): boolean =>
    isSnoozed(incidents.get(syncId), now);

/**
 * Read-modify-write of one incident, conditional on the version read, tried again when another write (a
 * press, the timers) came between. `change` returns undefined when there is nothing to write.
 */
export async function changeIncident(
  deps: Pick<AlertDeps, 'incidentStore' | 'homeViewStore' | 'clock' | 'log'>,
  channelId: string,
  syncId: string,
  change: (incident: Incident | undefined) => IncidentFields | undefined,
): Promise<Incident | undefined> {
  for (let attempt = 1; ; attempt++) {
    const incident = await deps.incidentStore.get(channelId, syncId);
    const next = change(incident);
    if (!next) return incident;
    try {
      const saved = await deps.incidentStore.save(incident, next, deps.clock.now());
      await homesChanged(deps);
      return saved;
    } catch (error) {
      if (!(error instanceof ConditionFailedError) || attempt >= 3) throw error;
    }
  }
}

/** The root of a single failure alert as first posted: the alert, who its watch notifies, and its controls. */
export const alertRoot = (base: SlackMessage, entry: AlertEntry, channelId: string, watch: Watch | undefined) =>
  renderAlertRoot(base, { ...syncOf(entry), channelId, notify: watch?.notify });

const syncOf = (entry: AlertEntry) => ({ syncId: entry.syncId, syncName: entry.syncName, syncKind: entry.syncKind });

/** Records the alert just posted (before the flush records its entries, so a crash between replays this). */
export async function openIncident(
  deps: AlertDeps,
  input: {
    channelId: string;
    entry: AlertEntry;
    /** The alert as first posted, redrawn with each stamp; absent for a grouped alert, which is never redrawn. */
    base?: SlackMessage;
    threadTs: string;
    /** The alert's link, for the Home. */
    permalink?: string;
    watch: Watch | undefined;
  },
): Promise<void> {
  const { channelId, entry } = input;
  await changeIncident(deps, channelId, entry.syncId, (incident) =>
    incident?.threadTs === input.threadTs
      ? undefined
      : openedIncident(
          incident,
          {
            ...syncOf(entry),
            channelId,
            threadTs: input.threadTs,
            permalink: input.permalink,
            alert: input.base && JSON.stringify(input.base),
            notify: input.watch?.notify,
          },
          deps.clock.now(),
          deps.timing.unownedReminderMs,
        ),
  );
}

/** The sync recovered, or the late run its alert was about was canceled: the alert closes (the root says which). */
export async function closeIncident(deps: AlertDeps, channelId: string, entry: AlertEntry, log: Log): Promise<void> {
  const before = await deps.incidentStore.get(channelId, entry.syncId);
  if (!before || (before.recoveredAt !== undefined && !before.snooze)) return;
  const closed = await changeIncident(deps, channelId, entry.syncId, (incident) =>
    incident ? recoveredIncident(incident, entry.at, entry.outcome === 'canceled' ? 'canceled' : undefined) : undefined,
  );
  if (closed && isOpen(before)) await redrawRoot(deps, closed, log);
}

/**
 * Re-renders an alert's root from what is stored. The stamp is secondary to the change it shows (already
 * recorded), so a Slack failure here is logged, not thrown: the next change draws it again.
 */
export async function redrawRoot(deps: AlertDeps, incident: Incident, log: Log): Promise<void> {
  if (!incident.threadTs || !incident.alert) return;
  try {
    const base = JSON.parse(incident.alert) as SlackMessage;
    await deps.slack.updateMessage({
      channel: incident.channelId,
      ts: incident.threadTs,
      ...renderAlertRoot(base, incident),
    });
  } catch (error) {
    log.warn('alert root not redrawn', { error, syncId: incident.syncId });
  }
}

/**
 * The poller's pass: every incident whose timer has come is taken with a lease, its reminders posted
 * once each (postOnce keys name the timer, so a run that died after Slack accepted is found, not
 * repeated), and the result saved, due again at its next timer. One failing item never stops the others.
 */
export async function runIncidentTimers(deps: AlertDeps): Promise<{ reminded: number; done: number; retry: number }> {
  const tally = { reminded: 0, done: 0, retry: 0 };
  for (const due of await deps.incidentStore.due(deps.clock.now(), 100)) {
    const held = await deps.incidentStore.claim(due, deps.clock.now() + deps.timing.incidentLeaseMs, deps.clock.now());
    if (!held) continue;
    const log = deps.log.with({ channelId: held.channelId, syncId: held.syncId });
    try {
      const state = await deps.alertStore.state(held.channelId, held.syncId);
      const { next, reminders } = decideDueTimers(held, state, deps.clock.now());
      const notify = watchOf(await deps.alertStore.watchesOfChannel(held.channelId), held.syncId)?.notify ?? [];
      for (const reminder of reminders) {
        const message =
          reminder.kind === 'snooze_end'
            ? renderSnoozeEnded(held, notify)
            : renderUnownedReminder(held, notify, Math.round(deps.timing.unownedReminderMs / 60_000));
        const key = `incident:${held.channelId}:${held.syncId}:${reminder.kind}:${reminder.kind === 'snooze_end' ? held.snooze?.until : held.threadTs}`;
        try {
          await postOnce(deps, key, { channel: held.channelId, threadTs: reminder.threadTs, ...message });
          tally.reminded++;
        } catch (error) {
          if (!(error instanceof SlackError) || error.transient) throw error;
          // Refused for good (archived, bot removed): the reminder is dropped rather than tried for ever.
          log.warn('incident reminder dropped: Slack refused it', { slackError: error.error });
        }
      }
      const saved = await deps.incidentStore.save(held, next, deps.clock.now());
      if (held.snooze && !saved.snooze && isOpen(saved)) await redrawRoot(deps, saved, log);
      tally.done++;
    } catch (error) {
      // Left held: due again when its lease ends, and the reminder's post key keeps it from doubling.
      tally.retry++;
      log.warn('incident timer not finished; will try again', { error });
    }
  }
  return tally;
}
