import { DIGEST_POLICY, normaliseDigestId } from './digest.js';
import type { SnoozeChoice } from './incident.js';
import { SNOOZE_CHOICES } from './incident.js';
import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import type { SyncKind, SyncRef } from './sync.js';
import { isPolytomicId } from './sync.js';

// Every button the bot puts on a message: its action id, and how its value is written and read back.
// Values carry ids only and are read strictly: anything else (forged, or from a card shape since
// changed) reads as undefined, and the presser is told the button is out of date.

/** The buttons on a sync card (Start also on digests and alerts). */
export const SYNC_ACTIONS = {
  update: 'sync_update',
  start: 'sync_start',
  cancel: 'sync_cancel',
  share: 'sync_share',
} as const;
/** Open in Polytomic: a link button, so its press needs no work (the acknowledgement records no job). */
export const OPEN_SYNC_ACTION = 'open_sync';
/** Refresh schema, on a connection card and a finished refresh. */
export const REFRESH_ACTION_ID = 'refresh_schema';
/** A connection's card: the Home's connection menu and the Details of an unhealthy connection on the Home. */
export const CONNECTION_DETAILS_ACTION = 'connection_details';
/** The buttons of `digest off` in a channel with several digests: one digest each, or all those listed. */
export const DIGEST_OFF_ACTIONS = { one: 'digest_off', all: 'digest_off_all' } as const;
/** Refresh, on the Home tab: publishes the view again from a fresh overview. */
export const HOME_REFRESH_ACTION = 'home_refresh';
/**
 * Pause and Resume on a sync card (the answer replaces the card), and Pause on a failure alert (the answer is
 * a card of its own in the channel, so the alert and its thread stay as they are).
 */
export const PAUSE_ACTIONS = { pause: 'sync_pause', resume: 'sync_resume', pauseFromAlert: 'alert_pause' } as const;

/**
 * The card buttons that also work on a card shown in the Home tab (Details opens a sync's there, the
 * connection menu a connection's), and the connection menu itself.
 */
export const HOME_CARD_ACTIONS: ReadonlySet<string> = new Set([
  SYNC_ACTIONS.update,
  SYNC_ACTIONS.start,
  SYNC_ACTIONS.cancel,
  PAUSE_ACTIONS.pause,
  PAUSE_ACTIONS.resume,
  REFRESH_ACTION_ID,
  CONNECTION_DETAILS_ACTION,
]);
/** Show older, under a page of the audit trail. */
export const AUDIT_OLDER_ACTION = 'audit_older';

type SyncId = Pick<SyncRef, 'id' | 'kind'>;

/** Update and Share (and Start on digests and alerts): `<kind>:<sync id>`. */
export const syncValue = (sync: SyncId) => `${sync.kind}:${sync.id}`;

/** Reads a sync button's value back; anything else (forged, from an older card shape) is undefined. */
export function parseSyncValue(value: string | undefined): SyncId | undefined {
  const match = /^(model|bulk):(.+)$/.exec(value ?? '');
  return match && isPolytomicId(match[2]) ? { kind: match[1] as SyncKind, id: match[2] } : undefined;
}

/**
 * The runs a sync card showed when it was rendered: the one running then, and the last finished one.
 * A Start or Cancel press carries them, so a double click (same card) is told from a later press (a card
 * re-rendered after a run started or ended shows other runs).
 */
export interface ShownRuns {
  running?: string;
  last?: string;
}

/** A Start or Cancel press read back from its button; `shown` is absent on cards that predate it (and on digests and alerts). */
export interface SyncPress {
  sync: SyncId;
  shown?: ShownRuns;
}

/** Stands for "no run" in a press value (and in the press key). */
export const NO_RUN = 'none';

/** A Start or Cancel button's value: `<kind>:<sync id>:<running run id or none>:<last run id or none>`, ids only. */
export const syncPressValue = (sync: SyncId, shown: ShownRuns) =>
  `${sync.kind}:${sync.id}:${shown.running ?? NO_RUN}:${shown.last ?? NO_RUN}`;

// Run ids are written lower-case (shownRuns), so they are read back only that way.
const ID_OR_NONE = `(${NO_RUN}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`;
const PRESS_VALUE = new RegExp(`^(model|bulk):([^:]+)(?::${ID_OR_NONE}:${ID_OR_NONE})?$`);

/** Reads a Start or Cancel value back, strictly: `<kind>:<uuid>` (older cards) or with the shown runs; anything else is undefined. */
export function parseSyncPress(value: string | undefined): SyncPress | undefined {
  const match = PRESS_VALUE.exec(value ?? '');
  if (!match || !isPolytomicId(match[2])) return undefined;
  const sync = { kind: match[1] as SyncKind, id: match[2] };
  if (match[3] === undefined) return { sync };
  const id = (raw: string | undefined) => (raw === NO_RUN ? undefined : raw);
  return { sync, shown: { running: id(match[3]), last: id(match[4]) } };
}

/** Refresh schema and a connection's Details: the connection id alone. */
export const connectionValue = (connectionId: string) => connectionId;

export const parseConnectionValue = (value: string | undefined): string | undefined =>
  isPolytomicId(value) ? value : undefined;

/** Turn off: one digest id; Turn off all: the ids it listed, comma-separated (so a digest added since is kept). */
export const digestOffValue = (ids: readonly string[]) => ids.join(',');

const DIGEST_ID = /^[0-9a-f]{6}$/i;

/** A Turn off value read back: one digest id (`many` false) or up to a channel's most; nothing else. */
export function parseDigestOffValue(value: string | undefined, many: boolean): string[] | undefined {
  const ids = (value ?? '').split(',');
  if (ids.length > (many ? DIGEST_POLICY.maxSubscriptionsPerChannel : 1) || !ids.every((id) => DIGEST_ID.test(id)))
    return undefined;
  return [...new Set(ids.map(normaliseDigestId))];
}

/** The "Show older" value: the target (or `all`) and where the next page starts; nothing else. */
export const auditCursor = (targetId: string | undefined, before: string) => `${targetId ?? 'all'}|${before}`;

export function parseAuditCursor(value: string | undefined): { targetId?: string; before: string } | undefined {
  const match =
    /^(all|[0-9a-f-]{36})\|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[A-Za-z0-9_-]{1,64}(?:#[A-Za-z0-9_-]{1,64})?)$/i.exec(
      value ?? '',
    );
  if (!match) return undefined;
  return { targetId: match[1] === 'all' ? undefined : match[1], before: match[2]! };
}

/** The buttons of a failed or warning run, on its alert and on the sync card: see render-failure-context.ts. */
export const FAILURE_ACTIONS = {
  showLog: 'run_show_log',
  erroredRecords: 'run_errored_records',
  retryTables: 'run_retry_tables',
} as const;

/** One run of one sync: `<kind>:<sync id>:<execution id>`. Table lists are not carried: the run is read again. */
export interface RunRef {
  sync: SyncId;
  executionId: string;
}

export const runValue = (run: RunRef) => `${run.sync.kind}:${run.sync.id}:${run.executionId}`;

/** Reads a run value back, strictly, of the kind given if one is (errored records: model; retry: bulk). */
export function parseRunValue(value: string | undefined, kind?: SyncKind): RunRef | undefined {
  const match = /^(model|bulk):([^:]+):([^:]+)$/.exec(value ?? '');
  if (!match || !isPolytomicId(match[2]) || !isPolytomicId(match[3])) return undefined;
  if (kind && match[1] !== kind) return undefined;
  return { sync: { kind: match[1] as SyncKind, id: match[2] }, executionId: match[3] };
}

/** On a failure alert: I'm on it, Release, and the Snooze select (its options carry the value). */
export const INCIDENT_ACTIONS = { take: 'alert_take', release: 'alert_release', snooze: 'alert_snooze' } as const;

/** I'm on it, Release and Snooze all on a grouped failure alert: they act on every open failure of its thread. */
export const GROUP_ALERT_ACTIONS = {
  take: 'alert_take_all',
  release: 'alert_release_all',
  snooze: 'alert_snooze_all',
} as const;
/** The grouped alert's buttons carry no id: the message they sit on names the failures. */
export const GROUP_ALERT_VALUE = 'thread';
export const parseGroupAlertValue = (value: string | undefined): 'thread' | undefined =>
  value === GROUP_ALERT_VALUE ? GROUP_ALERT_VALUE : undefined;
/** The grouped alert's Snooze option: `thread:<choice>`. */
export const groupSnoozeValue = (choice: SnoozeChoice) => `${GROUP_ALERT_VALUE}:${choice}`;
export function parseGroupSnoozeValue(value: string | undefined): SnoozeChoice | undefined {
  return snoozeChoiceOf(
    value?.startsWith(`${GROUP_ALERT_VALUE}:`) ? value.slice(GROUP_ALERT_VALUE.length + 1) : undefined,
  );
}

/** One of SNOOZE_CHOICES, read back strictly. */
const snoozeChoiceOf = (text: string | undefined): SnoozeChoice | undefined =>
  SNOOZE_CHOICES.find((c) => c.value === text)?.value;

/** A Snooze option's value: `<kind>:<sync id>:<choice>`, the choice one of SNOOZE_CHOICES. */
export const snoozeValue = (sync: SyncId, choice: SnoozeChoice) => `${syncValue(sync)}:${choice}`;

export function parseSnoozeValue(value: string | undefined): { sync: SyncId; choice: SnoozeChoice } | undefined {
  const match = /^((?:model|bulk):[^:]+):([a-z0-9]+)$/.exec(value ?? '');
  const sync = parseSyncValue(match?.[1]);
  const choice = snoozeChoiceOf(match?.[2]);
  return sync && choice ? { sync, choice } : undefined;
}

/** A Pause or Resume press read back: the sync, and when the card it sits on was drawn (an alert's carries none). */
export interface PausePress {
  sync: SyncId;
  drawnAt?: number;
}

/** Pause and Resume on a card: `<kind>:<sync id>:<epoch ms the card was drawn>`, so each drawing of a card is a press of its own. */
export const pausePressValue = (sync: SyncId, drawnAt: number) => `${syncValue(sync)}:${drawnAt}`;

/** Reads a Pause or Resume value back, strictly: `<kind>:<uuid>` (alerts) or with the card's drawing time; anything else is undefined. */
export function parsePausePress(value: string | undefined): PausePress | undefined {
  const match = /^(model|bulk):([^:]+)(?::(\d{1,15}))?$/.exec(value ?? '');
  if (!match || !isPolytomicId(match[2])) return undefined;
  const sync = { kind: match[1] as SyncKind, id: match[2] };
  return match[3] === undefined ? { sync } : { sync, drawnAt: Number(match[3]) };
}

/** The action id of every button whose press is work for the worker (all but the link button). */
export type ButtonActionId =
  | (typeof SYNC_ACTIONS)[keyof typeof SYNC_ACTIONS]
  | (typeof PAUSE_ACTIONS)[keyof typeof PAUSE_ACTIONS]
  | typeof REFRESH_ACTION_ID
  | typeof CONNECTION_DETAILS_ACTION
  | (typeof DIGEST_OFF_ACTIONS)[keyof typeof DIGEST_OFF_ACTIONS]
  | typeof AUDIT_OLDER_ACTION
  | (typeof FAILURE_ACTIONS)[keyof typeof FAILURE_ACTIONS]
  | (typeof INCIDENT_ACTIONS)[keyof typeof INCIDENT_ACTIONS]
  | (typeof GROUP_ALERT_ACTIONS)[keyof typeof GROUP_ALERT_ACTIONS];

/** The answer to a press whose value does not read, or that comes from no message. */
export const renderStaleButton = (): SlackMessage =>
  textMessage(
    ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
  );
