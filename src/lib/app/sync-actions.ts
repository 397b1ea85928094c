import type { Clock } from '../clock.js';
import type { SyncPress } from '../core/buttons.js';
import type { SlackMessage } from '../core/message.js';
import { renderSyncStatus } from '../core/render-status.js';
import type { SyncRef } from '../core/sync.js';
import type { PressOutcome } from '../core/sync-press.js';
import { describePress, describeRepeatedPress, hasEnded, pressKey, pressTime } from '../core/sync-press.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import type { AuditStore } from './ports/audit-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';
import { readRecentRuns } from './recent-runs.js';
import { recordChange } from './record-change.js';

export interface SyncActionDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  auditStore: AuditStore;
  clock: Clock;
  log: Log;
}

type SyncId = Pick<SyncRef, 'id' | 'kind'>;

/** The card as it is now: what Update shows, and what Start and Cancel show after acting. */
export async function renderCurrentCard(
  deps: SyncActionDeps,
  target: SyncId,
  options: { shareable: boolean; note?: string },
): Promise<SlackMessage> {
  const [sync, status, recentRuns] = await Promise.all([
    deps.polytomic.getSync(target),
    deps.polytomic.getSyncStatus(target),
    readRecentRuns(deps, target),
  ]);
  return renderSyncStatus({
    sync,
    status,
    recentRuns,
    polytomicUrl: deps.polytomicUrl,
    asOf: deps.clock.now(),
    ...options,
  });
}

export interface PressedOn {
  job: Job;
  userId: string;
  /** The message the button sits on and when it was pressed: with the runs the card showed, they make the idempotency key. */
  messageTs: string;
  actionTs: string;
  shareable: boolean;
}

/**
 * Start sync. A double click, two people on the same card, or a retried job share one key (`pressKey`):
 * the first job to claim it asks Polytomic, once, and audits it; the others say who did. A 409 (already
 * running) is an answer, not an error; a run Polytomic hands back that is already over was not started now.
 */
export async function startRun(deps: SyncActionDeps, press: SyncPress, pressed: PressedOn): Promise<SlackMessage> {
  return pressOnce(deps, 'start', press, pressed, async (sync, key, firstClaim) => {
    let executionId: string | undefined;
    try {
      ({ executionId } = await deps.polytomic.startSync(sync, key));
    } catch (error) {
      if (!(error instanceof PolytomicError)) throw error;
      if (error.code === 'polytomic_conflict') return { kind: 'already_running' };
      if (error.code === 'polytomic_bad_request') return { kind: 'refused', detail: error.detail };
      throw error;
    }
    // Polytomic replays a key's first answer for a day or more. Only the claim's owner sends this key, so on
    // its first claim a replay is a press made before claims existed or after one expired, and a run already
    // over is not one this press started. On a retry, the run is the one this job started before it failed.
    if (executionId && firstClaim && hasEnded(await deps.polytomic.getExecution(sync, executionId)))
      return { kind: 'matched_ended', executionId };
    return { kind: 'started', executionId };
  });
}

/** Cancel run: Polytomic stops the execution asynchronously; the card says who asked. */
export async function cancelRun(deps: SyncActionDeps, press: SyncPress, pressed: PressedOn): Promise<SlackMessage> {
  return pressOnce(deps, 'cancel', press, pressed, async (sync, key) => {
    try {
      await deps.polytomic.cancelSync(sync, key);
      return { kind: 'cancel_requested' };
    } catch (error) {
      if (!(error instanceof PolytomicError) || error.code !== 'polytomic_conflict') throw error;
      return { kind: 'nothing_running' };
    }
  });
}

/** Claims the change a press asks for under `key` for its job; the first job to claim it is the one that acts. */
export const claimPress = (auditStore: AuditStore, key: string, pressed: Pick<PressedOn, 'job' | 'userId'>) =>
  auditStore.claimChange(key, { jobId: pressed.job.id, userId: pressed.userId, at: pressed.job.createdAt });

/**
 * One change per press key, one audit entry per change: claims the key, makes the change only as its owner
 * (a retry of the owner goes on and rewrites its own entries), and answers with the current card.
 */
async function pressOnce(
  deps: SyncActionDeps,
  action: 'start' | 'cancel',
  press: SyncPress,
  pressed: PressedOn,
  change: (sync: SyncRef, key: string, firstClaim: boolean) => Promise<PressOutcome>,
): Promise<SlackMessage> {
  const sync = await deps.polytomic.getSync(press.sync);
  const key = pressKey(action, press, pressed);
  const { claim, created } = await claimPress(deps.auditStore, key, pressed);
  if (claim.jobId !== pressed.job.id) {
    deps.log.info('press repeats a change another job made', {
      action,
      ownerJobId: claim.jobId,
      outcome: claim.outcome,
    });
    return renderCurrentCard(deps, sync, {
      shareable: pressed.shareable,
      note: describeRepeatedPress(action, claim, pressTime(claim.at)),
    });
  }
  const outcome = await change(sync, key, created);
  const executionId = 'executionId' in outcome ? outcome.executionId : undefined;
  await deps.auditStore.settleChange(key, pressed.job.id, { outcome: outcome.kind, executionId });
  // A press that matched an earlier one changed nothing: the change it matched was recorded when it was made.
  if (outcome.kind !== 'matched_ended') {
    await recordChange(deps, pressed.job, {
      action,
      target: { kind: sync.kind, id: sync.id, name: sync.name },
      outcome: outcome.kind,
      executionId,
    });
  }
  return renderCurrentCard(deps, sync, {
    shareable: pressed.shareable,
    note: describePress(outcome, `<@${pressed.userId}>`, pressTime(pressed.job.createdAt)),
  });
}
