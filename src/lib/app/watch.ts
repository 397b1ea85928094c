import type { WatchMode } from '../core/alerts.js';
import { ALERT_POLICY } from '../core/alerts.js';
import type { SlackMessage } from '../core/message.js';
import { textMessage } from '../core/message.js';
import { escapeCode, escapeText } from '../core/mrkdwn.js';
import { matchName } from '../core/name-match.js';
import { renderWatchList } from '../core/render-alerts.js';
import type { AlertDeps } from './alerts.js';

/** Reads `watch [<sync>|all] [failures|all-runs]` and `unwatch <sync>|all`. */
export function parseWatch(query: string): { target?: string; mode: WatchMode } {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1)?.toLowerCase();
  const mode: WatchMode = last === 'all-runs' || last === 'runs' ? 'all-runs' : 'failures';
  if (last === 'all-runs' || last === 'runs' || last === 'failures') words.pop();
  const target = words.join(' ').replace(/^["“”']|["“”']$/g, '');
  return { target: target || undefined, mode };
}

/** `/polytomic watch …` and `/polytomic unwatch …`: which syncs this channel hears about. */
export async function manageWatch(
  deps: AlertDeps,
  input: { verb: 'watch' | 'unwatch'; query: string; userId: string; channelId: string; commandName: string },
): Promise<SlackMessage & { inChannel?: boolean }> {
  const { target, mode } = parseWatch(input.query);
  const announce = (text: string) => ({ ...textMessage(text), inChannel: true });
  if (!target) {
    if (input.verb === 'unwatch')
      return textMessage(
        `Which sync should this channel stop watching? \`${input.commandName} unwatch <sync>\` or \`unwatch all\`.`,
      );
    return renderWatchList(await deps.alerts.watchesOfChannel(input.channelId), input.channelId, input.commandName);
  }
  const what = mode === 'all-runs' ? 'every finished run of' : 'failures and recoveries of';
  if (target.toLowerCase() === 'all') {
    if (input.verb === 'unwatch') {
      const removed = await deps.alerts.removeWatch(input.channelId, 'ALL');
      return removed
        ? announce(`<@${input.userId}> stopped the alerts for every sync in this channel.`)
        : textMessage('This channel does not watch every sync.');
    }
    await deps.alerts.putWatch({
      channelId: input.channelId,
      syncId: 'ALL',
      mode,
      createdBy: input.userId,
      createdAt: deps.clock.now(),
    });
    return announce(`:bell: <@${input.userId}> set this channel to hear about ${what} every sync.`);
  }
  if (input.verb === 'unwatch') {
    const watches = await deps.alerts.watchesOfChannel(input.channelId);
    const match = matchName(
      watches.filter((w) => w.syncId !== 'ALL').map((w) => ({ id: w.syncId, name: w.syncName ?? w.syncId })),
      target,
    );
    if (match.kind !== 'found')
      return textMessage(
        `This channel does not watch a sync called *${escapeText(target)}*; \`${input.commandName} watch\` lists what it watches.`,
      );
    await deps.alerts.removeWatch(input.channelId, match.item.id);
    return announce(`<@${input.userId}> stopped the alerts for *${escapeText(match.item.name)}* in this channel.`);
  }
  const match = matchName(await deps.polytomic.listSyncs(), target);
  if (match.kind === 'ambiguous')
    return textMessage(
      `Several syncs are called *${escapeText(target)}*; watch one by its id: ${match.items.map((s) => `\`${escapeCode(s.id)}\``).join(', ')}.`,
    );
  if (match.kind === 'not_found') {
    const close = match.suggestions.length
      ? ` Did you mean ${match.suggestions.map((s) => `*${escapeText(s.name)}*`).join(', ')}?`
      : '';
    return textMessage(`I couldn't find a sync called *${escapeText(target)}*.${close}`);
  }
  if ((await deps.alerts.watchesOfChannel(input.channelId)).length >= ALERT_POLICY.watchesPerChannel) {
    return textMessage(
      `This channel already watches ${ALERT_POLICY.watchesPerChannel} syncs; use \`${input.commandName} watch all\` instead.`,
    );
  }
  await deps.alerts.putWatch({
    channelId: input.channelId,
    syncId: match.item.id,
    syncName: match.item.name,
    mode,
    createdBy: input.userId,
    createdAt: deps.clock.now(),
  });
  return announce(`:bell: <@${input.userId}> set this channel to hear about ${what} *${escapeText(match.item.name)}*.`);
}
