import type { WatchMode } from '../alerts.js';
import { textMessage } from '../message.js';
import { escapeCode, truncate } from '../mrkdwn.js';
import type { RuleChange } from '../watch-rules.js';
import { RULE_USAGE, takeRuleClause } from '../watch-rules.js';
import { defineCommand, working } from './spec.js';
import type { NotifyClause } from './watch-notify.js';
import { splitNotify } from './watch-notify.js';

export interface WatchArgs {
  /** A sync's name or id, or `all`; absent to list. */
  target?: string;
  mode: WatchMode;
  /** `notify @a @b` after the sync: who its failures mention (none: clear), or the word refused. */
  notify?: NotifyClause;
  /** Whether the command named the mode; a rule added to an existing watch keeps the watch's own. */
  modeNamed?: boolean;
  /** Rule clauses (`stale 6h`, `errors > 5%`, `running off`), in the order typed. */
  rules?: RuleChange[];
  /** A rule clause that could not be read, or a kind given twice: answered with the usage, nothing changed. */
  ruleError?: { unreadable: string } | { repeated: string };
}

const MODES: Record<string, WatchMode> = { 'all-runs': 'all-runs', runs: 'all-runs', failures: 'failures' };

/**
 * Reads `watch [<sync>|all] [clauses…]` and `unwatch <sync>|all`. Clauses come after the sync, in any order, each
 * taken off the end: a mode (`failures`, `all-runs`) or a rule (core/watch-rules.ts).
 */
export function parseWatch(query: string): WatchArgs {
  // `notify …` runs to the end of the text, so it comes off first; the other clauses are taken off what is left.
  const { rest, notify } = splitNotify(query);
  const words = rest
    .trim()
    .replace(/\b(errors|running)\s*>\s*/gi, '$1 > ')
    .split(/\s+/)
    .filter(Boolean);
  let mode: WatchMode | undefined;
  const rules: RuleChange[] = [];
  let ruleError: WatchArgs['ruleError'];
  for (;;) {
    const named = MODES[words.at(-1)?.toLowerCase() ?? ''];
    if (named) {
      mode ??= named;
      words.pop();
      continue;
    }
    const rule = takeRuleClause(words);
    if (rule === undefined) break;
    if ('unreadable' in rule) {
      ruleError = rule;
      break;
    }
    if (rules.some((r) => r.kind === rule.kind)) {
      ruleError = { repeated: rule.kind };
      break;
    }
    rules.unshift(rule);
  }
  const target = words.join(' ').replace(/^["“”']|["“”']$/g, '');
  return {
    target: target || undefined,
    mode: mode ?? 'failures',
    ...(mode ? { modeNamed: true } : {}),
    ...(rules.length ? { rules } : {}),
    ...(ruleError ? { ruleError } : {}),
    ...(notify && { notify }),
  };
}

/** A watch command with a rule it cannot read: said at once, with the usage, and nothing changes. */
export function renderBadRule(error: NonNullable<WatchArgs['ruleError']>, command: string) {
  const what =
    'unreadable' in error
      ? `I can't read the rule \`${escapeCode(truncate(error.unreadable, 200))}\`.`
      : `Give one \`${error.repeated}\` rule at a time.`;
  return textMessage(`${what} \`${command} watch <sync> stale 6h\` sets a rule. ${RULE_USAGE}`);
}

export const workingOnAlerts = () => working("Working on this channel's alerts…");

/** `watch [<sync>|all] [failures|all-runs]`: alerts in this channel. Listing reads; naming a sync changes. */
export const watch = defineCommand({
  name: 'watch',
  aliases: [],
  usage: (command) => [
    `\`${command} watch <sync>|all [failures|all-runs]\`: alerts in this channel when a sync fails and recovers (\`watch\` lists, \`unwatch <sync>|all\` stops)`,
    `\`${command} watch <sync> notify @person @group\`: who its first failure alert mentions, and its reminder when nobody takes it (\`notify none\` clears)`,
    `\`${command} watch <sync> stale 6h|errors &gt; 100|errors &gt; 5%|running &gt; 2h|running &gt; 3x\`: alerts when a rule fires (\`stale off\` removes one)`,
  ],
  hint: 'watch [sync]',
  parse: parseWatch,
  changes: (args) => (args.target === undefined ? undefined : 'watch'),
  // A rule that does not read may be a sync's name with a rule word in it (`Sync running late`): the worker,
  // which knows the names, decides (renderBadRule otherwise).
  ack: () => workingOnAlerts(),
  doing: () => "change this channel's alerts",
});
