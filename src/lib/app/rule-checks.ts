import { mapWithConcurrency } from '../concurrency.js';
import type { Watch } from '../core/alerts.js';
import type { SyncKind, SyncStatus } from '../core/sync.js';
import { isPolledRule, medianDuration, planRuleCheck, RULE_POLICY } from '../core/watch-rules.js';
import { ConditionFailedError } from '../errors.js';
import type { AlertDeps } from './alert-deps.js';
import { PolytomicError } from './ports/polytomic.js';
import type { RuleCheck } from './ports/rule-check-store.js';

// Polite to Polytomic: a status read each; a tick's checks finish well inside the poll function's timeout.
const CHECK_CONCURRENCY = 8;
/** At most this many checks a tick; the rest are due still and go first next tick (longest overdue first). */
const RULE_CHECKS_PER_TICK = 100;

/** After a watch's rules change: the poller checks its polled rules (stale, running), or stops when it has none. */
export async function syncRuleCheck(deps: AlertDeps, watch: Watch & { syncKind: SyncKind }): Promise<void> {
  const rules = (watch.rules ?? []).filter(isPolledRule);
  if (rules.length === 0) return deps.ruleCheckStore.disarm(watch.channelId, watch.syncId);
  const { channelId, syncId, syncKind } = watch;
  await deps.ruleCheckStore.arm(
    { channelId, syncId, syncName: watch.syncName ?? syncId, syncKind, rules },
    deps.clock.now(),
  );
}

export type RuleCheckResult = 'checked' | 'fired' | 'retry' | 'lost_race';

/**
 * The poller's pass over due rule checks: each reads its sync's status, queues an alert in its channel's
 * outbox for a rule that fired (as a failure, so it groups, threads and recovers like one) and is due again
 * at the next moment a rule could fire. Costs what is due, never what is watched.
 */
export async function checkDueRules(deps: AlertDeps): Promise<Record<RuleCheckResult, number>> {
  const tally: Record<RuleCheckResult, number> = { checked: 0, fired: 0, retry: 0, lost_race: 0 };
  const due = await deps.ruleCheckStore.due(deps.clock.now(), RULE_CHECKS_PER_TICK);
  await mapWithConcurrency(due, CHECK_CONCURRENCY, async (check) => {
    const log = deps.log.with({ channelId: check.channelId, syncId: check.syncId });
    try {
      // The same bound as a flush's: past the poll function's timeout, so a live check is never taken over.
      const now = deps.clock.now();
      const held = await deps.ruleCheckStore.claim(check, now + deps.timing.alertFlushLeaseMs, now);
      tally[held ? await runCheck(deps, held) : 'lost_race']++;
    } catch (error) {
      if (error instanceof ConditionFailedError) {
        tally.lost_race++;
        return;
      }
      // Left held (or due, if the claim failed): tried when its lease ends, so an outage is not read every tick.
      tally.retry++;
      log.warn('rule check failed; will try again', { error });
    }
  });
  return tally;
}

async function runCheck(deps: AlertDeps, check: RuleCheck): Promise<RuleCheckResult> {
  const sync = { id: check.syncId, name: check.syncName, kind: check.syncKind };
  let status: SyncStatus;
  try {
    status = await deps.polytomic.getSyncStatus(sync);
  } catch (error) {
    if (!(error instanceof PolytomicError) || error.transient) throw error;
    // Refused for good (the sync deleted, the key's access changed): asked again in an hour, not every lease.
    deps.log.warn('rule check: sync status refused', { syncId: sync.id, code: error.code });
    await deps.ruleCheckStore.reschedule(
      check,
      check.state,
      deps.clock.now() + RULE_POLICY.recheckMs,
      deps.clock.now(),
    );
    return 'retry';
  }
  const decide = (state = check.state) =>
    planRuleCheck({ now: deps.clock.now(), sync, rules: check.rules, state, status });
  let plan = decide();
  if (plan.needsMedianFor !== undefined) {
    const runs = await deps.polytomic.listExecutions(sync, RULE_POLICY.runsForMedian);
    plan = decide({ ...check.state, medianMs: medianDuration(runs), medianFor: plan.needsMedianFor });
  }
  // Queued before the state that says so is saved: a check that dies in between queues the same entry again
  // (same event id and time), which the outbox and the post-once ledger take once.
  for (const entry of plan.fired)
    await deps.alertStore.enqueue(check.channelId, entry, deps.clock.now() + deps.timing.alertBatchMs);
  if (!(await deps.ruleCheckStore.reschedule(check, plan.state, plan.nextDueAt, deps.clock.now())))
    throw new ConditionFailedError(`rule check ${check.channelId}/${check.syncId}`);
  return plan.fired.length ? 'fired' : 'checked';
}
