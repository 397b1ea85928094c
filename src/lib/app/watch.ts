import type { Watch, WatchMode } from '../core/alerts.js';
import { ALERT_POLICY } from '../core/alerts.js';
import type { WatchArgs } from '../core/commands/watch.js';
import { renderBadRule } from '../core/commands/watch.js';
import type { NotifyClause } from '../core/commands/watch-notify.js';
import { isSnoozed } from '../core/incident.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { renderWatchList } from '../core/render-alerts.js';
import { renderNotifyRefused, renderNotifySet, renderSnoozeList, watchNotifies } from '../core/render-incident.js';
import {
  renderNotWatched,
  renderNotWatchingAll,
  renderTooManyWatches,
  renderUnwatchWhich,
  renderWatchAdded,
  renderWatchAmbiguous,
  renderWatchNotFound,
  renderWatchRemoved,
} from '../core/render-watch.js';
import { renderNoRulesOnAll, renderWatchRulesSet } from '../core/render-watch-rules.js';
import { applyRuleChanges } from '../core/watch-rules.js';
import type { AlertDeps } from './alert-deps.js';
import { syncRuleCheck } from './rule-checks.js';

/** `/polytomic watch …` and `/polytomic unwatch …` (read by parseWatch): which syncs this channel hears about. */
export async function manageWatch(
  deps: AlertDeps,
  input: WatchArgs & {
    verb: 'watch' | 'unwatch';
    userId: string;
    channelId: string;
    commandName: string;
    notify?: NotifyClause;
  },
): Promise<SlackMessage & { inChannel?: boolean }> {
  const { target, mode } = input;
  if (input.notify && 'refused' in input.notify) return renderNotifyRefused(input.notify.refused, input.commandName);
  const notify = input.notify?.ids;
  const announce = (message: SlackMessage) => ({ ...message, inChannel: true });
  if (!target) {
    if (input.verb === 'unwatch') return renderUnwatchWhich(input.commandName);
    return listWatches(deps, input.channelId, input.commandName);
  }
  if (target.toLowerCase() === 'all') {
    if (input.verb === 'watch' && input.rules) return renderNoRulesOnAll(input.commandName);
    if (input.verb === 'unwatch') {
      const removed = await deps.alertStore.removeWatch(input.channelId, 'ALL');
      return removed ? announce(renderWatchRemoved(input.userId)) : renderNotWatchingAll();
    }
    const existing = await watchOn(deps, input.channelId, 'ALL');
    await deps.alertStore.putWatch({
      channelId: input.channelId,
      syncId: 'ALL',
      ...kept(existing, mode, notify),
      createdBy: input.userId,
      createdAt: deps.clock.now(),
    });
    return announce(notify ? renderNotifySet(input.userId, notify) : renderWatchAdded(input.userId, mode));
  }
  if (input.verb === 'unwatch') {
    const watches = await deps.alertStore.watchesOfChannel(input.channelId);
    const match = matchName(
      watches.filter((w) => w.syncId !== 'ALL').map((w) => ({ id: w.syncId, name: w.syncName ?? w.syncId })),
      target,
    );
    if (match.kind !== 'found') return renderNotWatched(target, input.commandName);
    await deps.alertStore.removeWatch(input.channelId, match.item.id);
    await deps.ruleCheckStore.disarm(input.channelId, match.item.id);
    return announce(renderWatchRemoved(input.userId, match.item.name));
  }
  const syncs = await deps.polytomic.listSyncs();
  // Clauses that did not read as a rule: the whole text may be a sync's name (`Sync running late`), watched as
  // named; otherwise the rule is what was meant, and its usage is the answer.
  const match = matchName(syncs, target);
  if (input.ruleError && match.kind !== 'found') return renderBadRule(input.ruleError, input.commandName);
  if (match.kind === 'ambiguous')
    return renderWatchAmbiguous(
      target,
      match.items.map((s) => s.id),
    );
  if (match.kind === 'not_found')
    return renderWatchNotFound(
      target,
      match.suggestions.map((s) => s.name),
    );
  const watches = await deps.alertStore.watchesOfChannel(input.channelId);
  const existing = watches.find((w) => w.syncId === match.item.id);
  if (!existing && watches.length >= ALERT_POLICY.watchesPerChannel) return renderTooManyWatches(input.commandName);
  const rules = applyRuleChanges(existing?.rules ?? [], input.rules ?? []);
  const keeps = kept(existing, mode, notify);
  const watch: Watch = {
    channelId: input.channelId,
    syncId: match.item.id,
    syncName: match.item.name,
    ...keeps,
    // A rule added to a watch keeps its mode unless the command names one; its rules stay until taken off.
    mode: input.rules && !input.modeNamed ? (existing?.mode ?? mode) : keeps.mode,
    createdBy: input.userId,
    createdAt: deps.clock.now(),
    ...(rules.length ? { rules } : {}),
  };
  await deps.alertStore.putWatch(watch);
  await syncRuleCheck(deps, { ...watch, syncKind: match.item.kind });
  if (input.rules) return announce(renderWatchRulesSet(input.userId, match.item.name, rules, watch.mode));
  return announce(
    notify
      ? renderNotifySet(input.userId, notify, match.item.name)
      : renderWatchAdded(input.userId, mode, match.item.name),
  );
}

const watchOn = async (deps: AlertDeps, channelId: string, syncId: string) =>
  (await deps.alertStore.watchesOfChannel(channelId)).find((w) => w.syncId === syncId);

/**
 * A `notify` clause changes only who is notified (the watch keeps its mode); a watch set again without
 * one keeps who it notified.
 */
function kept(
  existing: Watch | undefined,
  mode: WatchMode,
  notify: string[] | undefined,
): Pick<Watch, 'mode' | 'notify'> {
  if (notify === undefined) return { mode, notify: existing?.notify };
  return { mode: existing?.mode ?? mode, notify: notify.length ? notify : undefined };
}

/** The channel's watches, with who each notifies, and the syncs snoozed here. */
async function listWatches(deps: AlertDeps, channelId: string, commandName: string): Promise<SlackMessage> {
  const now = deps.clock.now();
  const [watches, incidents] = await Promise.all([
    deps.alertStore.watchesOfChannel(channelId),
    deps.incidentStore.ofChannel(channelId),
  ]);
  const list = renderWatchList(watches, channelId, commandName, watchNotifies);
  const snoozes = renderSnoozeList(incidents.filter((i) => isSnoozed(i, now)));
  return snoozes.length ? { ...list, blocks: [...(list.blocks ?? []), ...snoozes] } : list;
}
