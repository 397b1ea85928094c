import type { WatchMode, WatchRule } from './alerts.js';
import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { escapeCode, escapeText, truncate } from './mrkdwn.js';
import { describeRule } from './watch-rules.js';

// What `/polytomic watch <sync> <rule>` answers, and how a rule shows in the watch list and in an alert.

const code = (text: string) => `\`${escapeCode(text)}\``;

/** A watch's rules for the watch list: ` · rules: `stale 6h`, `errors > 5%``, or nothing without any. */
export const rulesSuffix = (rules: readonly WatchRule[] | undefined): string =>
  rules?.length ? ` · rules: ${rules.map((r) => code(describeRule(r))).join(', ')}` : '';

/** How an alert says which rule fired, where a failure says "failed": `broke its rule `stale 6h``. */
export const ruleFired = (rule: string): string => `broke its rule ${code(truncate(rule, 100))}`;

/** Said in the channel after a watch's rules changed: who set which rules, or that none are left. */
export function renderWatchRulesSet(
  userId: string,
  syncName: string,
  rules: readonly WatchRule[],
  mode: WatchMode,
): SlackMessage {
  const name = `*${escapeText(truncate(syncName, 300))}*`;
  const follows = mode === 'all-runs' ? 'every finished run' : 'failures and recoveries';
  if (rules.length === 0)
    return textMessage(
      `:bell: <@${userId}> removed the rules for ${name}; this channel still hears about its ${follows}.`,
    );
  const list = rules.map((r) => code(describeRule(r))).join(', ');
  return textMessage(
    `:bell: <@${userId}> set the rules for ${name} in this channel: ${list}. Each alerts here when it fires and recovers like a failure; this channel also hears about its ${follows}.`,
  );
}

/** Rules are per sync: `watch all` takes none. */
export const renderNoRulesOnAll = (commandName: string): SlackMessage =>
  textMessage(
    `Rules are set per sync, since what is stale or too many errors differs from one sync to the next: \`${commandName} watch <sync> stale 6h\`.`,
  );
