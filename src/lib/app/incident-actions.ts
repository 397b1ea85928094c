import type { SnoozeArgs } from '../core/commands/snooze.js';
import type { Incident, IncidentFields, SnoozeLength } from '../core/incident.js';
import { isOpen, isSnoozed, parseSnoozeLength } from '../core/incident.js';
import { matchName } from '../core/name-match.js';
import {
  renderAlertOver,
  renderGroupAnswer,
  renderGroupPressed,
  renderGroupSnoozed,
  renderNotSnoozed,
  renderNotYours,
  renderReleased,
  renderSnoozed,
  renderSnoozeUsage,
  renderTaken,
  renderTakenBy,
  renderUnsnoozed,
} from '../core/render-incident.js';
import { renderAmbiguous, renderNotFound } from '../core/render-names.js';
import { syncChoice } from '../core/render-status.js';
import type { SyncRef } from '../core/sync.js';
import type { Job } from '../schemas/items.js';
import { changeIncident, redrawRoot } from './incident.js';
import { postOnce } from './post-once.js';
import { recordChange } from './record-change.js';
import type { Answer, ButtonPress, SlackWorkDeps } from './slack-work.js';

type Sync = Pick<SyncRef, 'id' | 'kind'>;
type Outcome = 'taken' | 'released' | `snoozed ${string}` | 'unsnoozed';

/** Records the change in the audit trail (keyed by the job, so a retried press rewrites its own entry). */
const audit = (deps: SlackWorkDeps, job: Job, incident: Incident, outcome: Outcome) =>
  recordChange(deps, job, {
    action: 'alert',
    target: { kind: incident.syncKind, id: incident.syncId, name: incident.syncName },
    outcome: outcome.replace(/ /g, '_'),
  });

/** What a press on an alert does: answer without writing, write `next`, or (its own retry) finish what it wrote. */
type PressDecision = { refuse: Answer } | { next: IncidentFields } | { again: true };

/**
 * Reads the alert a press was made on and applies the decision, conditional on the version read (read
 * again if another press came first). A press on an alert that recovered, or that a newer alert of the
 * same sync replaced, changes nothing.
 */
async function pressOnAlert(
  deps: SlackWorkDeps,
  press: ButtonPress,
  sync: Sync,
  decide: (incident: Incident) => PressDecision,
): Promise<Answer | { incident: Incident }> {
  let refusal: Answer | undefined;
  const incident = await changeIncident(deps, press.who.channelId, sync.id, (current) => {
    refusal = undefined;
    if (!current || current.threadTs !== press.messageTs || !isOpen(current)) {
      refusal = renderAlertOver(current?.threadTs === press.messageTs ? current : undefined);
      return undefined;
    }
    const decision = decide(current);
    if ('refuse' in decision) refusal = decision.refuse;
    return 'next' in decision ? decision.next : undefined;
  });
  return refusal ?? (incident ? { incident } : renderAlertOver(undefined));
}

/** I'm on it: the press's person becomes the one owner, unless someone else already is. */
const takeDecision =
  (deps: SlackWorkDeps, press: ButtonPress) =>
  (incident: Incident): PressDecision => {
    // The retry of the press that took it: redraw and audit again, both idempotent.
    if (incident.owner?.jobId === press.job.id) return { again: true };
    if (incident.owner) return { refuse: renderTakenBy(incident, press.who.userId) };
    const owner = { userId: press.who.userId, since: deps.clock.now(), jobId: press.job.id };
    return { next: { ...incident, owner, remindUnownedAt: undefined } };
  };

/** Release: only the owner hands it back; the one unowned reminder is armed again if it has not gone yet. */
const releaseDecision =
  (deps: SlackWorkDeps, press: ButtonPress) =>
  (incident: Incident): PressDecision => {
    const { userId } = press.who;
    // The retry of the press that released it (its audit or answer was lost): redraw and audit again.
    if (incident.releasedBy?.jobId === press.job.id) return { again: true };
    if (incident.owner?.userId !== userId) return { refuse: renderNotYours(incident) };
    const remindUnownedAt = incident.unownedReminded ? undefined : deps.clock.now() + deps.timing.unownedReminderMs;
    return { next: { ...incident, owner: undefined, releasedBy: { userId, jobId: press.job.id }, remindUnownedAt } };
  };

/** A press on one sync's alert: the decision applied, the root redrawn, the change audited. */
async function pressOneAlert(
  deps: SlackWorkDeps,
  press: ButtonPress,
  sync: Sync,
  kind: 'taken' | 'released',
): Promise<Answer | { incident: Incident }> {
  const decide = kind === 'taken' ? takeDecision(deps, press) : releaseDecision(deps, press);
  const result = await pressOnAlert(deps, press, sync, decide);
  if (!('incident' in result)) return result;
  await redrawRoot(deps, result.incident, press.log);
  await audit(deps, press.job, result.incident, kind);
  return result;
}

export async function takeAlert(deps: SlackWorkDeps, press: ButtonPress, sync: Sync): Promise<Answer> {
  const result = await pressOneAlert(deps, press, sync, 'taken');
  return 'incident' in result ? renderTaken(result.incident) : result;
}

export async function releaseAlert(deps: SlackWorkDeps, press: ButtonPress, sync: Sync): Promise<Answer> {
  const result = await pressOneAlert(deps, press, sync, 'released');
  return 'incident' in result ? renderReleased(result.incident) : result;
}

/** A grouped alert's open failures: the channel's incidents whose thread is the message pressed. */
const openInThread = async (deps: SlackWorkDeps, press: ButtonPress) =>
  (await deps.incidentStore.ofChannel(press.who.channelId)).filter((i) => i.threadTs === press.messageTs && isOpen(i));

/** Says a grouped alert's press in its thread, once per press whatever retries its job (the message is not redrawn). */
const sayInThread = (deps: SlackWorkDeps, press: ButtonPress, what: 'group' | 'group-snooze', message: Answer) =>
  postOnce(deps, `alert-${what}:${press.who.channelId}:${press.messageTs}:${press.job.id}`, {
    channel: press.who.channelId,
    threadTs: press.messageTs,
    ...message,
  });

/**
 * I'm on it and Release on a grouped alert: the same press on each of its syncs' open failures, one at a
 * time, each audited. The channel is told in the thread; the presser is told what is theirs and what is
 * someone else's.
 */
export async function pressGroupAlert(
  deps: SlackWorkDeps,
  press: ButtonPress,
  kind: 'taken' | 'released',
): Promise<Answer> {
  const changed: Incident[] = [];
  for (const incident of await openInThread(deps, press)) {
    const result = await pressOneAlert(deps, press, { id: incident.syncId, kind: incident.syncKind }, kind);
    if ('incident' in result) changed.push(result.incident);
  }
  if (changed.length > 0) await sayInThread(deps, press, 'group', renderGroupPressed(press.who.userId, kind, changed));
  return renderGroupAnswer(press.who.userId, kind, changed, await openInThread(deps, press));
}

/** Snooze all on a grouped alert: each open failure of its thread snoozed alike, audited each, said once there. */
export async function snoozeGroupFromAlert(deps: SlackWorkDeps, press: ButtonPress, choice: string): Promise<Answer> {
  const length = parseSnoozeLength(choice)!;
  const snoozed: Incident[] = [];
  for (const current of await openInThread(deps, press)) {
    const sync = { id: current.syncId, kind: current.syncKind, name: current.syncName };
    const incident = await snooze(deps, { channelId: press.who.channelId, sync, length, userId: press.who.userId });
    await audit(deps, press.job, incident, `snoozed ${length.words}`);
    snoozed.push(incident);
  }
  const said = renderGroupSnoozed(press.who.userId, snoozed);
  if (snoozed.length > 0) await sayInThread(deps, press, 'group-snooze', said);
  return said;
}

/**
 * Snoozes a sync in a channel, from the alert's select or the command: kept on the incident (created if
 * the sync has none yet), shown on an open alert's root.
 */
async function snooze(
  deps: SlackWorkDeps,
  input: { channelId: string; sync: Pick<SyncRef, 'id' | 'kind' | 'name'>; length: SnoozeLength; userId: string },
): Promise<Incident> {
  const now = deps.clock.now();
  const snoozed = { by: input.userId, at: now, until: 'ms' in input.length ? now + input.length.ms : undefined };
  const incident = await changeIncident(deps, input.channelId, input.sync.id, (current) => ({
    ...(current ?? { channelId: input.channelId, syncId: input.sync.id, syncName: input.sync.name }),
    syncKind: input.sync.kind,
    snooze: snoozed,
  }));
  return incident!;
}

/** The Snooze select on an alert. */
export async function snoozeFromAlert(
  deps: SlackWorkDeps,
  press: ButtonPress,
  value: { sync: Sync; choice: string },
): Promise<Answer> {
  const current = await deps.incidentStore.get(press.who.channelId, value.sync.id);
  if (!current || current.threadTs !== press.messageTs) return renderAlertOver(undefined);
  const length = parseSnoozeLength(value.choice)!;
  const incident = await snooze(deps, {
    channelId: press.who.channelId,
    sync: { ...value.sync, name: current.syncName },
    length,
    userId: press.who.userId,
  });
  if (isOpen(incident)) await redrawRoot(deps, incident, press.log);
  await audit(deps, press.job, incident, `snoozed ${length.words}`);
  return renderSnoozed(incident, press.who.userId);
}

/** What `snooze` and `unsnooze` are run with: the parsed words, who asked where, and the job. */
interface SnoozeCommandInput {
  args: SnoozeArgs;
  userId: string;
  channelId: string;
  commandName: string;
  job: Job;
  log: ButtonPress['log'];
}

/** `/polytomic snooze <sync> <length>`: said in the channel, since it changes what everyone there hears. */
export async function snoozeByCommand(deps: SlackWorkDeps, input: SnoozeCommandInput): Promise<Answer> {
  const { target, length } = input.args;
  if (!target || !length) return renderSnoozeUsage(input.commandName);
  const syncs = await deps.polytomic.listSyncs();
  const match = matchName(syncs.map(syncChoice), target);
  const usage = `${input.commandName} snooze`;
  if (match.kind === 'ambiguous') return renderAmbiguous({ noun: 'sync', query: target, usage, matches: match.items });
  if (match.kind === 'not_found')
    return renderNotFound({
      noun: 'sync',
      query: target,
      usage,
      suggestions: match.suggestions,
      listHint: `\`${input.commandName} status\` lists every sync.`,
    });
  const sync = syncs.find((s) => s.id === match.item.id)!;
  const incident = await snooze(deps, { channelId: input.channelId, sync, length, userId: input.userId });
  if (isOpen(incident)) await redrawRoot(deps, incident, input.log);
  await audit(deps, input.job, incident, `snoozed ${length.words}`);
  return { ...renderSnoozed(incident, input.userId), inChannel: true };
}

/** `/polytomic unsnooze <sync>`: among this channel's snoozes, by name. */
export async function unsnoozeByCommand(deps: SlackWorkDeps, input: SnoozeCommandInput): Promise<Answer> {
  const target = input.args.target ?? '';
  const now = deps.clock.now();
  const snoozed = (await deps.incidentStore.ofChannel(input.channelId)).filter((i) => isSnoozed(i, now));
  const match = matchName(
    snoozed.map((i) => ({ id: i.syncId, name: i.syncName })),
    target,
  );
  if (match.kind !== 'found') return renderNotSnoozed(target, input.commandName);
  const incident = await changeIncident(deps, input.channelId, match.item.id, (current) =>
    current?.snooze ? { ...current, snooze: undefined } : undefined,
  );
  if (!incident) return renderNotSnoozed(target, input.commandName);
  if (isOpen(incident)) await redrawRoot(deps, incident, input.log);
  await audit(deps, input.job, incident, 'unsnoozed');
  return { ...renderUnsnoozed(incident, input.userId), inChannel: true };
}
