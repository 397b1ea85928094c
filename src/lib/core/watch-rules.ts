import type { AlertEntry, RunOutcome, WatchRule } from './alerts.js';
import { formatCount, formatDuration } from './mrkdwn.js';
import type { RunSummary } from './sync.js';

export type WatchRuleKind = WatchRule['kind'];

/** What a watch command asks of the rules: set one, or take one off (`stale off`). */
export type RuleChange = WatchRule | { kind: WatchRuleKind; off: true };

export const RULE_POLICY = {
  /** A check with nothing to wait for (a rule that fired, a limit not known yet) looks again after this long. */
  recheckMs: 60 * 60_000,
  /** No limit shorter than this: the poller ticks once a minute. */
  minimumMs: 5 * 60_000,
  /** A median of runs this short still gives a `running > Nx` limit of at least `minimumMs`. */
  runsForMedian: 10,
};

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `6h`, `1d`, `1h30m`; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.toLowerCase().matchAll(/(\d+)([mhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.toLowerCase()) return undefined;
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
  return ms > 0 ? ms : undefined;
}

const RULE_WORDS = new Set<string>(['stale', 'errors', 'running']);

/** The rules in words, as mrkdwn (`>` escaped, as Slack asks even inside code). */
export const RULE_USAGE =
  'Rules: `stale 6h` (no successful run in that long), `errors &gt; 100` or `errors &gt; 5%` (of the records of a run that completed with errors), `running &gt; 2h` or `running &gt; 3x` (3× its median of the last 10 runs); `stale off` (and so on) removes one.';

/**
 * Takes the last rule clause off a watch's words (`<sync> stale 6h` leaves `<sync>`), or undefined when there is
 * none. A rule word after the first word followed by something it cannot read is an error, so a typo is never
 * taken for part of a sync's name.
 */
export function takeRuleClause(words: string[]): RuleChange | { unreadable: string } | undefined {
  const start = words.findLastIndex((w, i) => i > 0 && RULE_WORDS.has(w.toLowerCase()));
  if (start < 0) return undefined;
  const clause = words.slice(start);
  const change = parseRuleClause(clause);
  if (!change) return { unreadable: clause.join(' ') };
  words.splice(start);
  return change;
}

function parseRuleClause(clause: readonly string[]): RuleChange | undefined {
  const [word, ...rest] = clause.map((w) => w.toLowerCase());
  const kind = word as WatchRuleKind;
  if (rest.length === 1 && rest[0] === 'off') return { kind, off: true };
  if (kind === 'stale') {
    const afterMs = rest.length === 1 ? parseDuration(rest[0]!) : undefined;
    return afterMs && afterMs >= RULE_POLICY.minimumMs ? { kind, afterMs } : undefined;
  }
  if (rest.length !== 2 || rest[0] !== '>') return undefined;
  const value = rest[1]!;
  if (kind === 'errors') {
    const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value);
    if (!match) return undefined;
    const over = Number(match[1]);
    const percent = match[2] === '%';
    return percent && over >= 100 ? undefined : { kind, over, percent };
  }
  const times = /^(\d+(?:\.\d+)?)x$/.exec(value);
  if (times) return Number(times[1]) > 1 ? { kind, timesMedian: Number(times[1]) } : undefined;
  const afterMs = parseDuration(value);
  return afterMs && afterMs >= RULE_POLICY.minimumMs ? { kind, afterMs } : undefined;
}

/** A watch's rules after a command's changes: a new rule replaces its kind, `off` removes it. */
export function applyRuleChanges(rules: readonly WatchRule[], changes: readonly RuleChange[]): WatchRule[] {
  const kept = rules.filter((rule) => !changes.some((c) => c.kind === rule.kind));
  const added = changes.filter((c): c is WatchRule => !('off' in c));
  return [...kept, ...added].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

const ORDER: readonly WatchRuleKind[] = ['stale', 'errors', 'running'];

/** A rule as the person would type it: `stale 6h`, `errors > 5%`, `running > 3x`. */
export function describeRule(rule: WatchRule): string {
  if (rule.kind === 'stale') return `stale ${formatDuration(rule.afterMs).replace(' ', '')}`;
  if (rule.kind === 'errors') return `errors > ${rule.percent ? `${rule.over}%` : formatCount(rule.over)}`;
  return `running > ${rule.timesMedian !== undefined ? `${rule.timesMedian}x` : formatDuration(rule.afterMs).replace(' ', '')}`;
}

/** Whether a rule is the poller's to check (the others are read from events). */
export const isPolledRule = (rule: WatchRule): boolean => rule.kind !== 'errors';

/**
 * A completed-with-errors run over a watch's `errors` rule becomes a failure in that channel, saying which rule
 * fired; any other entry passes unchanged. Without counts (on the event or in its context) it does not fire.
 */
export function applyErrorsRule(entry: AlertEntry, rules: readonly WatchRule[] | undefined): AlertEntry {
  const rule = rules?.find((r) => r.kind === 'errors');
  if (!rule || entry.outcome !== 'warning') return entry;
  // The event's counts, or else those of the run as read from Polytomic for the alert's context.
  const errored = entry.counts?.errored ?? entry.context?.counts.errored;
  const total = entry.counts?.total ?? entry.records ?? entry.context?.counts.total;
  if (errored === undefined) return entry;
  if (rule.percent) {
    if (!total || (errored / total) * 100 <= rule.over) return entry;
  } else if (errored <= rule.over) return entry;
  const share = total ? ` (${formatShare(errored, total)} of ${formatCount(total)} records)` : '';
  return {
    ...entry,
    outcome: 'failed',
    rule: describeRule(rule),
    error: `${formatCount(errored)} records errored${share}${entry.error ? `: ${entry.error}` : ''}`,
  };
}

const formatShare = (part: number, whole: number) => `${Number(((part / whole) * 100).toFixed(1))}%`;

/** What the poller keeps of a sync it checks for a channel between checks. */
export interface RuleCheckState {
  /** When the rules were set: a sync never seen to succeed is stale counted from here. */
  armedAt: number;
  /** The latest successful run seen (its completion). */
  lastSuccessAt?: number;
  /** The `since` of the stale alert already queued, so one stretch is alerted once. */
  staleFiredFor?: number;
  /** The execution whose long run was alerted, until it is seen to end. */
  runningFiredFor?: string;
  /** The median duration of the last runs, and the execution it was read for. */
  medianMs?: number;
  medianFor?: string;
}

/** What one check decided: alerts to queue, the state to keep, and when to look next. */
export interface RuleCheckPlan {
  fired: AlertEntry[];
  state: RuleCheckState;
  nextDueAt: number;
  /** The check needs the median of the last runs for this execution before it can decide. */
  needsMedianFor?: string;
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
const succeeded = (run: RunSummary | undefined) => run?.status === 'completed';
const isRunning = (run: RunSummary | undefined) =>
  run !== undefined && !['completed', 'failed', 'canceled', 'errors', 'interrupted'].includes(run.status);

/**
 * Decides a check from the sync's status now: which polled rules fire (each once per stretch or run, with an
 * event id that a crashed and retried check repeats exactly) and the next moment one could fire.
 */
export function planRuleCheck(input: {
  now: number;
  sync: { id: string; name: string; kind: AlertEntry['syncKind'] };
  rules: readonly WatchRule[];
  state: RuleCheckState;
  status: { last?: RunSummary; current?: RunSummary; nextRunAt?: string };
}): RuleCheckPlan {
  const { now, sync, rules, status } = input;
  const state: RuleCheckState = { ...input.state };
  const fired: AlertEntry[] = [];
  // When a rule could next fire; a rule with nothing to wait for (fired already, no limit known) adds none.
  const dues: number[] = [];
  const recheck = now + RULE_POLICY.recheckMs;
  const base = { syncId: sync.id, syncName: sync.name, syncKind: sync.kind, outcome: 'failed' as RunOutcome };

  const lastSuccess = succeeded(status.last) ? time(status.last?.completedAt ?? status.last?.startedAt) : undefined;
  if (lastSuccess !== undefined && lastSuccess > (state.lastSuccessAt ?? 0)) state.lastSuccessAt = lastSuccess;

  const stale = rules.find((r) => r.kind === 'stale');
  if (stale && state.staleFiredFor !== undefined && (state.lastSuccessAt ?? 0) > state.staleFiredFor) {
    // A run succeeded since the stale alert: its recovery, should the run's own event not have told it already.
    fired.push({
      ...base,
      outcome: 'completed',
      eventId: `rule:stale-ok:${sync.id}:${state.lastSuccessAt}`,
      at: state.lastSuccessAt!,
      executionId: status.last?.id,
      records: status.last?.counts.total,
    });
    state.staleFiredFor = undefined;
  }
  if (stale) {
    const since = state.lastSuccessAt ?? state.armedAt;
    const deadline = since + stale.afterMs;
    // Past the deadline: looked at again hourly, for the success that recovers it.
    dues.push(now < deadline ? deadline : recheck);
    if (now >= deadline && state.staleFiredFor !== since) {
      state.staleFiredFor = since;
      const next = time(status.nextRunAt);
      const missed = next !== undefined && next < now ? `; its next scheduled run (${iso(next)}) never started` : '';
      const what = state.lastSuccessAt === undefined ? 'since the rule was set' : `since ${iso(since)}`;
      fired.push({
        ...base,
        eventId: `rule:stale:${sync.id}:${since}`,
        at: Math.max(deadline, state.armedAt),
        rule: describeRule(stale),
        error: `No successful run in ${formatDuration(now - since)} (${what})${missed}.`,
      });
    }
  }

  const running = rules.find((r) => r.kind === 'running');
  const current = isRunning(status.current) ? status.current : undefined;
  let needsMedianFor: string | undefined;
  if (running && state.runningFiredFor !== undefined && current?.id !== state.runningFiredFor) {
    // The late run ended. A cancel ends its alert here; completed or failed, the run's own event tells that.
    const ended = status.last?.id === state.runningFiredFor ? status.last : undefined;
    if (ended?.status === 'canceled')
      fired.push({
        ...base,
        outcome: 'canceled',
        eventId: `rule:running-canceled:${sync.id}:${ended.id}`,
        at: time(ended.completedAt) ?? now,
        rule: describeRule(running),
        executionId: ended.id,
      });
    state.runningFiredFor = undefined;
  }
  if (running) {
    const limit = (median: number | undefined) =>
      running.afterMs ??
      (median === undefined ? undefined : Math.max(RULE_POLICY.minimumMs, median * running.timesMedian!));
    const started = time(current?.startedAt ?? current?.createdAt);
    if (current?.id && started !== undefined) {
      if (running.timesMedian !== undefined && state.medianFor !== current.id) needsMedianFor = current.id;
      const ms = limit(state.medianMs);
      // An alerted run is looked at every few minutes, so its cancel closes the alert soon after.
      if (state.runningFiredFor === current.id) dues.push(now + RULE_POLICY.minimumMs);
      else if (!needsMedianFor && ms !== undefined) {
        if (now < started + ms) dues.push(started + ms);
        else {
          state.runningFiredFor = current.id;
          dues.push(now + RULE_POLICY.minimumMs);
          fired.push({
            ...base,
            eventId: `rule:running:${sync.id}:${current.id}`,
            at: Math.max(started + ms, state.armedAt),
            rule: describeRule(running),
            executionId: current.id,
            error: `Still running after ${formatDuration(now - started)} (started ${iso(started)})${
              running.timesMedian !== undefined ? `; its median run takes ${formatDuration(state.medianMs!)}` : ''
            }.`,
          });
        }
      }
    } else {
      // Nothing running: a run that starts from now on reaches the limit no sooner than now + limit.
      const ms = limit(state.medianMs);
      if (ms !== undefined) dues.push(now + ms);
      else needsMedianFor = '';
    }
  }
  const nextDueAt = dues.length ? Math.max(now + 1, Math.min(...dues)) : recheck;
  return { fired, state, nextDueAt, needsMedianFor };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The median duration of the finished runs (for `running > Nx`), or undefined when none finished. */
export function medianDuration(runs: readonly RunSummary[]): number | undefined {
  const durations = runs
    .filter((r) => r.startedAt && r.completedAt && !isRunning(r))
    .map((r) => Date.parse(r.completedAt!) - Date.parse(r.startedAt!))
    .filter((ms) => ms >= 0)
    .sort((a, b) => a - b);
  if (durations.length === 0) return undefined;
  const mid = Math.floor(durations.length / 2);
  return durations.length % 2 ? durations[mid]! : (durations[mid - 1]! + durations[mid]!) / 2;
}
