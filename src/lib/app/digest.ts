import type { DigestCommand, DigestScope, DigestSubscription } from '../core/digest.js';
import { DIGEST_POLICY, normaliseDigestId } from '../core/digest.js';
import { digestDefinition, digestIdCandidates } from '../core/digest-identity.js';
import { nextRunAt, normaliseTimeZone } from '../core/digest-schedule.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import type { DigestSetupProblem } from '../core/render-digest.js';
import {
  renderDigest,
  renderDigestCommandInvalid,
  renderDigestCreated,
  renderDigestExists,
  renderDigestList,
  renderDigestNotSetUp,
  renderNothingToReport,
} from '../core/render-digest.js';
import {
  renderDigestOffChoice,
  renderDigestsAlreadyOff,
  renderDigestsTurnedOff,
  renderNoDigestToTurnOff,
  renderNoSuchDigest,
} from '../core/render-digest-off.js';
import type { DigestDeps } from './digest-run.js';
import { createStatusReader, openAlertsIn } from './digest-run.js';
import { SlackError } from './ports/slack.js';

/** The command needs what the scheduler needs, less the wait between posts. */
export type DigestCommandDeps = Omit<DigestDeps, 'sleep'>;

/**
 * Turns off the channel's digests with these ids (from a command or a Turn off button) and says so in the
 * channel; ids already gone are not claimed, so a second press of the same button tells the truth.
 */
export async function turnOffDigests(
  deps: Pick<DigestCommandDeps, 'digestStore' | 'log'>,
  input: { ids: readonly string[]; userId: string; channelId: string },
): Promise<SlackMessage & { inChannel: boolean }> {
  const wanted = new Set(input.ids.map(normaliseDigestId));
  const listed = (await deps.digestStore.listForChannel(input.channelId)).filter((s) =>
    wanted.has(normaliseDigestId(s.id)),
  );
  const removed: DigestSubscription[] = [];
  // Each delete reports whether the item was there, so of two people pressing at once only one is named.
  for (const subscription of listed)
    if (await deps.digestStore.remove(input.channelId, subscription.id)) removed.push(subscription);
  deps.log.info('digests turned off', { digestIds: removed.map((s) => s.id).join(','), asked: input.ids.length });
  if (removed.length === 0) return { ...renderDigestsAlreadyOff(input.ids), inChannel: false };
  return { ...renderDigestsTurnedOff(input.userId, removed), inChannel: true };
}

/** `/polytomic digest …`: list, subscribe, turn off, or preview the channel's digest. */
export async function manageDigest(
  deps: DigestCommandDeps,
  input: { command: DigestCommand; userId: string; channelId: string; commandName: string; jobId: string },
): Promise<SlackMessage & { inChannel: boolean }> {
  const { command } = input;
  const ephemeral = (message: SlackMessage) => ({ ...message, inChannel: false });
  switch (command.kind) {
    case 'invalid':
      return ephemeral(renderDigestCommandInvalid(command.problem));
    case 'list':
      return ephemeral(
        renderDigestList(await deps.digestStore.listForChannel(input.channelId), input.channelId, input.commandName),
      );
    case 'now': {
      const first = (await deps.digestStore.listForChannel(input.channelId)).find((s) => !s.paused);
      const scope: DigestScope = first?.scope ?? { kind: 'all' };
      const rows = await createStatusReader(deps).rowsFor({ scope });
      const preview = renderDigest({
        subscription: { scope, schedule: first?.schedule ?? { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' } },
        rows,
        previous: first?.snapshot,
        polytomicUrl: deps.polytomicUrl,
        preview: true,
        openAlerts: await openAlertsIn(deps, input.channelId),
      });
      return ephemeral(preview.message ?? renderNothingToReport());
    }
    case 'off': {
      const subscriptions = await deps.digestStore.listForChannel(input.channelId);
      const off = (ids: string[]) => turnOffDigests(deps, { ids, userId: input.userId, channelId: input.channelId });
      if (command.id !== undefined) {
        if (subscriptions.some((s) => normaliseDigestId(s.id) === command.id)) return off([command.id]);
        return ephemeral(renderNoSuchDigest(command.id, input.channelId, input.commandName));
      }
      if (subscriptions.length === 0) return ephemeral(renderNoDigestToTurnOff(input.channelId));
      // Several: the person picks, rather than losing every digest of the channel to one bare command.
      if (subscriptions.length > 1) return ephemeral(renderDigestOffChoice(subscriptions, input.channelId));
      return off([subscriptions[0]!.id]);
    }
    case 'subscribe':
      return subscribe(deps, command, input);
  }
}

async function subscribe(
  deps: DigestCommandDeps,
  command: Extract<DigestCommand, { kind: 'subscribe' }>,
  input: { userId: string; channelId: string; commandName: string; jobId: string },
): Promise<SlackMessage & { inChannel: boolean }> {
  const problem = (why: DigestSetupProblem) => ({ ...renderDigestNotSetUp(why), inChannel: false });
  const zoneFromSlack = command.schedule.timeZone === undefined;
  const zoneAsNamed = command.schedule.timeZone ?? (await slackTimeZone(deps, input.userId)) ?? 'UTC';
  const timeZone = normaliseTimeZone(zoneAsNamed);
  if (timeZone === undefined) return problem({ kind: 'unknown_zone', zone: zoneAsNamed });

  let scope: DigestScope;
  if (command.scope.kind === 'names') {
    const syncs = await deps.polytomic.listSyncs();
    const chosen: Extract<DigestScope, { kind: 'syncs' }>['syncs'] = [];
    for (const name of command.scope.names) {
      const match = matchName(syncs, name);
      if (match.kind !== 'found') {
        const suggestions = match.kind === 'ambiguous' ? [] : match.suggestions.map((s) => s.name);
        return problem({ kind: 'sync_not_picked', name, ambiguous: match.kind === 'ambiguous', suggestions });
      }
      chosen.push({ id: match.item.id, kind: match.item.kind, name: match.item.name });
    }
    scope = { kind: 'syncs', syncs: chosen };
  } else {
    scope = command.scope;
  }

  const now = deps.clock.now();
  const schedule = { ...command.schedule, timeZone };
  const definition = digestDefinition({ channelId: input.channelId, schedule, scope });
  const created = (subscription: DigestSubscription) => ({
    ...renderDigestCreated(subscription, zoneFromSlack, input.commandName),
    inChannel: true,
  });
  // This job's own digest, found by its retry after the answer was lost: announced as set up, once more.
  const exists = (holder: DigestSubscription) =>
    holder.createdByJob === input.jobId
      ? created(holder)
      : { ...renderDigestExists(holder, input.commandName), inChannel: false };
  const existing = await deps.digestStore.listForChannel(input.channelId);
  // Compared by definition, not id: subscriptions stored before ids were derived have random ones.
  const twin = existing.find((s) => digestDefinition(s) === definition);
  if (twin && !twin.paused) return exists(twin);
  // A paused twin is what its creator was told to set up again once the channel is fixed: it is replaced.
  if (twin) await deps.digestStore.remove(input.channelId, twin.id);
  const others = existing.filter((s) => s !== twin);
  if (others.length >= DIGEST_POLICY.maxSubscriptionsPerChannel)
    return problem({ kind: 'too_many', channelId: input.channelId, count: others.length });

  const fields = {
    channelId: input.channelId,
    schedule,
    scope,
    createdBy: input.userId,
    createdByJob: input.jobId,
    createdAt: now,
    nextRunAt: nextRunAt(schedule, now),
    version: 0,
  };
  for (const id of digestIdCandidates(definition)) {
    const subscription: DigestSubscription = { id, ...fields };
    if ((await deps.digestStore.create(subscription)) === 'created') {
      deps.log.info('digest subscribed', { digestId: id, nextRunAt: subscription.nextRunAt });
      return created(subscription);
    }
    // The id is taken: by the same digest, written by a concurrent or earlier attempt, or (rarely) by another.
    const holder = (await deps.digestStore.listForChannel(input.channelId)).find((s) => s.id === id);
    if (holder && digestDefinition(holder) === definition) return exists(holder);
  }
  throw new Error('no free digest id for this definition');
}

async function slackTimeZone(deps: DigestCommandDeps, userId: string): Promise<string | undefined> {
  try {
    return await deps.slack.userTimeZone(userId);
  } catch (error) {
    // Without users:read (or for a deactivated user) UTC is a fine default, and the confirmation shows it.
    if (error instanceof SlackError && !error.transient) return undefined;
    throw error;
  }
}
