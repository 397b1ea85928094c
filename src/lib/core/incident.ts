import type { AlertPlan, AlertState } from './alerts.js';
import type { SyncKind } from './sync.js';

/**
 * How a channel works one sync's failure (issue #14): who is on it, whether it is snoozed, and the timers
 * still to fire. One per channel × sync, kept across episodes: a snooze set while the sync is healthy
 * holds for its next failure; each new failure alert resets the rest.
 */
export interface Incident {
  channelId: string;
  syncId: string;
  syncName: string;
  syncKind: SyncKind;
  /** The root alert of the failure the channel was last told about; absent while only a snooze is kept. */
  threadTs?: string;
  /** That alert's link (Slack's permalink), for the Home; absent when Slack gave none. */
  permalink?: string;
  /** That alert as first posted (JSON of its message), so every stamp is re-rendered from what is stored. */
  alert?: string;
  /** The people and groups the alert mentioned (Slack ids), shown again when it is re-rendered. */
  notify?: string[];
  openedAt?: number;
  /** The one person on it; `jobId` is the press that took it, so that press's retry finishes its own work. */
  owner?: { userId: string; since: number; jobId: string };
  /** The press that last released it, so its retry finishes its own work instead of finding nobody on it. */
  releasedBy?: { userId: string; jobId: string };
  /** When nobody having taken it earns its one reminder; absent once taken, reminded, or over. */
  remindUnownedAt?: number;
  /** The one reminder was sent (or skipped under a snooze): a release never arms another. */
  unownedReminded?: boolean;
  /** Nothing is posted until `until` (absent: until the sync recovers). */
  snooze?: { until?: number; by: string; at: number };
  /** When the alert closed: the sync recovered, or (`closedAs`) the late run it was about was canceled. */
  recoveredAt?: number;
  closedAs?: 'canceled';
  version: number;
}

export type IncidentFields = Omit<Incident, 'version'>;

/** The choices of the Snooze select, in its order; `recovery` lasts until the sync completes again. */
export const SNOOZE_CHOICES = [
  { value: '1h', label: '1 hour' },
  { value: '4h', label: '4 hours' },
  { value: '1d', label: '1 day' },
  { value: '1w', label: '1 week' },
  { value: 'recovery', label: 'until it recovers' },
] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number]['value'];

/** A snooze asked for: a length, or until the sync recovers. */
export type SnoozeLength = { ms: number; words: string } | { untilRecovery: true; words: string };

const UNIT_MS: Record<string, [number, string]> = {
  m: [60_000, 'minute'],
  h: [3_600_000, 'hour'],
  d: [86_400_000, 'day'],
  w: [7 * 86_400_000, 'week'],
};
/** Longer than this is not a snooze but an unwatch. */
const MAX_SNOOZE_MS = 30 * 86_400_000;

/** Reads `90m`, `4h`, `1 day`, `2 weeks`, `recovery`, `until it recovers`; undefined for anything else or past 30 days. */
export function parseSnoozeLength(text: string): SnoozeLength | undefined {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(until (it )?)?recover(s|y|ed)?$/.test(words)) return { untilRecovery: true, words: 'until it recovers' };
  const match = /^(\d{1,4}) ?(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/.exec(words);
  if (!match) return undefined;
  const count = Number(match[1]);
  const [unitMs, unit] = UNIT_MS[match[2]!.charAt(0)]!;
  const ms = count * unitMs;
  if (count === 0 || ms > MAX_SNOOZE_MS) return undefined;
  return { ms, words: `${count} ${unit}${count === 1 ? '' : 's'}` };
}

/** Whether the channel is to hear nothing of this sync now. */
export const isSnoozed = (incident: Pick<Incident, 'snooze'> | undefined, now: number): boolean =>
  incident?.snooze !== undefined && (incident.snooze.until === undefined || incident.snooze.until > now);

/** An alert still open: posted, not recovered. */
export const isOpen = <T extends Pick<Incident, 'threadTs' | 'recoveredAt'>>(
  incident: T | undefined,
): incident is T & { threadTs: string } => incident?.threadTs !== undefined && incident.recoveredAt === undefined;

/** When the item is next due in `active-by-due`: its earliest pending timer, or undefined for none. */
export function incidentDueAt(incident: IncidentFields): number | undefined {
  const times = [incident.snooze?.until, incident.remindUnownedAt].filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

/** How long an incident is kept once nothing about it is pending: its story stays in the channel and the audit trail. */
export const INCIDENT_KEEP_DAYS = 30;

/**
 * When the item may go (epoch seconds, the table's TTL): 30 days after the change that left nothing
 * pending. Never while an alert is open, a timer is pending, or a snooze lasts until a recovery.
 */
export function incidentExpiresAt(incident: IncidentFields, now: number): number | undefined {
  if (isOpen(incident) || incidentDueAt(incident) !== undefined) return undefined;
  if (incident.snooze && incident.snooze.until === undefined) return undefined;
  return Math.floor(now / 1000) + INCIDENT_KEEP_DAYS * 86_400;
}

/** A reminder a due timer posts: at a snooze's end, or for a failure nobody took. */
export interface Reminder {
  kind: 'snooze_end' | 'unowned';
  /** The alert's thread, or undefined for a top-level message (the failure began inside the snooze). */
  threadTs?: string;
}

/**
 * What the timers due by `now` do, given what the channel was last told (`state`): a snooze that ended
 * reminds once if the sync is still failing; a failure nobody took reminds once in its thread, unless a
 * snooze holds (its end, if timed, reminds instead) or the one reminder of the snooze's end just went.
 */
export function decideDueTimers(
  incident: Incident,
  state: AlertState | undefined,
  now: number,
): { next: IncidentFields; reminders: Reminder[] } {
  const { version: _, ...next } = incident;
  const reminders: Reminder[] = [];
  const failing = state?.failing === true;
  // Still the alert the channel threads this failure under (not an older one the state has moved past).
  const thread = isOpen(incident) && state?.threadTs === incident.threadTs ? incident.threadTs : undefined;
  if (incident.snooze?.until !== undefined && incident.snooze.until <= now) {
    next.snooze = undefined;
    if (failing) reminders.push({ kind: 'snooze_end', threadTs: thread });
  }
  if (incident.remindUnownedAt !== undefined && incident.remindUnownedAt <= now) {
    next.remindUnownedAt = undefined;
    next.unownedReminded = true;
    if (failing && thread && !incident.owner && !isSnoozed(next, now) && reminders.length === 0)
      reminders.push({ kind: 'unowned', threadTs: thread });
  }
  return { next, reminders };
}

/**
 * A new alert for the sync: taken by nobody, one unowned reminder armed, nothing recovered. A snooze
 * (which the caller checked has not kept the alert from being posted) carries over.
 */
export function openedIncident(
  incident: Incident | undefined,
  opening: Pick<
    Incident,
    'channelId' | 'syncId' | 'syncName' | 'syncKind' | 'threadTs' | 'permalink' | 'alert' | 'notify'
  >,
  now: number,
  unownedReminderMs: number,
): IncidentFields {
  // A grouped alert (no `alert` of its own to redraw) speaks for many syncs: one unowned reminder per sync in
  // its thread would be a wall of them, so its syncs are opened with the reminder spent.
  const reminds = opening.alert !== undefined;
  return {
    ...opening,
    openedAt: now,
    remindUnownedAt: reminds ? now + unownedReminderMs : undefined,
    unownedReminded: !reminds,
    snooze: incident?.snooze,
  };
}

/**
 * The sync recovered: the alert is closed (if one is open) and a snooze "until it recovers" ends. A late run's
 * cancel (`closedAs`) closes the alert about it alike: a snooze on it has nothing left to silence.
 */
export function recoveredIncident(
  incident: Incident,
  at: number,
  closedAs?: Incident['closedAs'],
): IncidentFields | undefined {
  const closes = isOpen(incident);
  const wakes = incident.snooze !== undefined && incident.snooze.until === undefined;
  if (!closes && !wakes) return undefined;
  const { version: _, ...next } = incident;
  return {
    ...next,
    recoveredAt: closes ? at : incident.recoveredAt,
    closedAs: closes ? closedAs : incident.closedAs,
    remindUnownedAt: closes ? undefined : incident.remindUnownedAt,
    snooze: wakes ? undefined : incident.snooze,
  };
}

/**
 * The plan with what a snooze silences taken out: failures, repeats and finished runs of snoozed syncs are
 * not posted (the flush still records them). A recovery of a snoozed sync is kept only when the channel
 * has its alert thread (it closes that alert, quietly: the caller does not broadcast it); one whose whole
 * failure passed inside the snooze says nothing.
 */
export function silenceSnoozed(plan: AlertPlan, snoozed: (syncId: string) => boolean): AlertPlan {
  const heard = <T extends { syncId: string }>(entry: T) => !snoozed(entry.syncId);
  return {
    ...plan,
    newFailures: plan.newFailures.filter(heard),
    repeats: plan.repeats.filter((r) => heard(r.entry)),
    recoveries: plan.recoveries.filter((r) => heard(r.entry) || r.threadTs !== undefined),
    runs: plan.runs.filter(heard),
  };
}
