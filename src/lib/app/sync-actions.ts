import { createHash } from 'node:crypto';
import type { AuditStore } from '../adapters/dynamo/audit-store.js';
import type { PolytomicApi } from '../adapters/polytomic/client.js';
import { PolytomicError } from '../adapters/polytomic/errors.js';
import type { Clock } from '../clock.js';
import type { Job } from '../core/job.js';
import type { SlackMessage } from '../core/message.js';
import { escapeText, slackDate, truncate } from '../core/mrkdwn.js';
import { renderSyncStatus } from '../core/render-status.js';
import type { SyncRef } from '../core/sync.js';
import type { Log } from '../log.js';
import { recordChange } from './record-change.js';

export interface SyncActionDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  audit: AuditStore;
  clock: Clock;
  log: Log;
}

type SyncId = Pick<SyncRef, 'id' | 'kind'>;

/** The card as it is now: what Update shows, and what Start and Cancel show after acting. */
export async function renderCurrentCard(deps: SyncActionDeps, target: SyncId, options: { shareable: boolean; note?: string }): Promise<SlackMessage> {
  const [sync, status] = await Promise.all([deps.polytomic.getSync(target), deps.polytomic.getSyncStatus(target)]);
  return renderSyncStatus({ sync, status, polytomicUrl: deps.polytomicUrl, asOf: deps.clock.now(), ...options });
}

export interface PressedOn {
  job: Job;
  userId: string;
  /** The message the button sits on and when it was pressed: together they make the idempotency key. */
  messageTs: string;
  actionTs: string;
  shareable: boolean;
}

/**
 * Start sync. A double click, or two people pressing within the same minute on the same card, sends
 * Polytomic the same Idempotency-Key, so one run starts; a 409 (already running) is an answer, not an error.
 */
export async function startRun(deps: SyncActionDeps, target: SyncId, pressed: PressedOn): Promise<SlackMessage> {
  const sync = await deps.polytomic.getSync(target);
  const who = `<@${pressed.userId}>`;
  const when = slackDate(new Date(deps.clock.now()).toISOString(), '{time}');
  let note: string;
  let outcome: string;
  let executionId: string | undefined;
  try {
    ({ executionId } = await deps.polytomic.startSync(sync, actionKey('start', sync, pressed)));
    outcome = 'started';
    note = `:arrow_forward: ${who} started a run at ${when}.`;
  } catch (error) {
    if (!(error instanceof PolytomicError) || (error.code !== 'polytomic_conflict' && error.code !== 'polytomic_bad_request')) throw error;
    outcome = error.code === 'polytomic_conflict' ? 'already_running' : 'refused';
    note =
      outcome === 'already_running'
        ? `:arrows_counterclockwise: A run was already in progress when ${who} pressed Start at ${when}; no new run was started.`
        : `:warning: Polytomic would not start a run for ${who}${error.detail ? `: ${escapeText(truncate(error.detail, 300))}` : '.'}`;
  }
  await recordChange(deps, pressed.job, { action: 'start', target: { kind: sync.kind, id: sync.id, name: sync.name }, outcome, executionId });
  return renderCurrentCard(deps, sync, { shareable: pressed.shareable, note });
}

/** Cancel run: Polytomic stops the execution asynchronously; the card says who asked. */
export async function cancelRun(deps: SyncActionDeps, target: SyncId, pressed: PressedOn): Promise<SlackMessage> {
  const sync = await deps.polytomic.getSync(target);
  const who = `<@${pressed.userId}>`;
  const when = slackDate(new Date(deps.clock.now()).toISOString(), '{time}');
  let note: string;
  let outcome: string;
  try {
    await deps.polytomic.cancelSync(sync, actionKey('cancel', sync, pressed));
    outcome = 'cancel_requested';
    note = `:black_square_for_stop: ${who} asked Polytomic to cancel the run at ${when}; it stops shortly.`;
  } catch (error) {
    if (!(error instanceof PolytomicError) || error.code !== 'polytomic_conflict') throw error;
    outcome = 'nothing_running';
    note = `:information_source: There was no run in progress to cancel when ${who} pressed Cancel at ${when}.`;
  }
  await recordChange(deps, pressed.job, { action: 'cancel', target: { kind: sync.kind, id: sync.id, name: sync.name }, outcome });
  return renderCurrentCard(deps, sync, { shareable: pressed.shareable, note });
}

// Same card, same sync, same minute: the same key. Characters limited to Polytomic's [A-Za-z0-9_-].
function actionKey(action: string, sync: SyncId, pressed: PressedOn): string {
  const minute = Math.floor(Number(pressed.actionTs) / 60);
  return `${action}-${createHash('sha256').update(`${sync.kind}:${sync.id}|${pressed.messageTs}|${minute}`).digest('base64url').slice(0, 32)}`;
}
