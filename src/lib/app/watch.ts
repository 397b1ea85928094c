import type { WatchMode } from '../core/alerts.js';
import { ALERT_POLICY } from '../core/alerts.js';
import type { SlackMessage } from '../core/message.js';
import { matchName } from '../core/name-match.js';
import { renderWatchList } from '../core/render-alerts.js';
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
import type { AlertDeps } from './alerts.js';

/** `/polytomic watch …` and `/polytomic unwatch …` (read by parseWatch): which syncs this channel hears about. */
export async function manageWatch(
  deps: AlertDeps,
  input: {
    verb: 'watch' | 'unwatch';
    target?: string;
    mode: WatchMode;
    userId: string;
    channelId: string;
    commandName: string;
  },
): Promise<SlackMessage & { inChannel?: boolean }> {
  const { target, mode } = input;
  const announce = (message: SlackMessage) => ({ ...message, inChannel: true });
  if (!target) {
    if (input.verb === 'unwatch') return renderUnwatchWhich(input.commandName);
    return renderWatchList(await deps.alertStore.watchesOfChannel(input.channelId), input.channelId, input.commandName);
  }
  if (target.toLowerCase() === 'all') {
    if (input.verb === 'unwatch') {
      const removed = await deps.alertStore.removeWatch(input.channelId, 'ALL');
      return removed ? announce(renderWatchRemoved(input.userId)) : renderNotWatchingAll();
    }
    await deps.alertStore.putWatch({
      channelId: input.channelId,
      syncId: 'ALL',
      mode,
      createdBy: input.userId,
      createdAt: deps.clock.now(),
    });
    return announce(renderWatchAdded(input.userId, mode));
  }
  if (input.verb === 'unwatch') {
    const watches = await deps.alertStore.watchesOfChannel(input.channelId);
    const match = matchName(
      watches.filter((w) => w.syncId !== 'ALL').map((w) => ({ id: w.syncId, name: w.syncName ?? w.syncId })),
      target,
    );
    if (match.kind !== 'found') return renderNotWatched(target, input.commandName);
    await deps.alertStore.removeWatch(input.channelId, match.item.id);
    return announce(renderWatchRemoved(input.userId, match.item.name));
  }
  const match = matchName(await deps.polytomic.listSyncs(), target);
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
  if ((await deps.alertStore.watchesOfChannel(input.channelId)).length >= ALERT_POLICY.watchesPerChannel)
    return renderTooManyWatches(input.commandName);
  await deps.alertStore.putWatch({
    channelId: input.channelId,
    syncId: match.item.id,
    syncName: match.item.name,
    mode,
    createdBy: input.userId,
    createdAt: deps.clock.now(),
  });
  return announce(renderWatchAdded(input.userId, mode, match.item.name));
}
