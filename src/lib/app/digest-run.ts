import { mapWithConcurrency } from '../concurrency.js';
import type { DigestSubscription } from '../core/digest.js';
import { DIGEST_POLICY } from '../core/digest.js';
import { nextRunAt } from '../core/digest-schedule.js';
import { isOpen } from '../core/incident.js';
import type { SlackMessage } from '../core/message.js';
import type { DigestRow } from '../core/render-digest.js';
import { renderDigest, renderDigestPaused } from '../core/render-digest.js';
import type { SyncRef, SyncStatus } from '../core/sync.js';
import type { Timing } from '../core/timing.js';
import { ConditionFailedError } from '../errors.js';
import type { Log } from '../log.js';
import type { DigestStore } from './ports/digest-store.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import { PolytomicError } from './ports/polytomic.js';
import { SlackError } from './ports/slack.js';
import type { PostOnceDeps } from './post-once.js';
import { postOnce } from './post-once.js';

export interface DigestDeps extends PostOnceDeps {
  polytomic: PolytomicApi;
  polytomicUrl: string;
  digestStore: DigestStore;
  /** The channel's open alerts: a failing sync in the digest says who is on it. */
  incidentStore: IncidentStore;
  timing: Timing;
}

export type DigestResult = 'posted' | 'skipped' | 'paused' | 'retry' | 'lost_race';

const DUE_PER_RUN = 500;
const STATUS_CONCURRENCY = 8;
const CHANNEL_CONCURRENCY = 8;

/**
 * The scheduler's pass: takes every due subscription with a conditional write (so overlapping runs post
 * once), reads each sync's status once for all of them, posts one digest per subscription, and moves the
 * next run on. Slack's refusals pause the subscription and tell its creator; nothing retries forever.
 */
export async function runDueDigests(deps: DigestDeps): Promise<Record<DigestResult, number>> {
  const tally: Record<DigestResult, number> = { posted: 0, skipped: 0, paused: 0, retry: 0, lost_race: 0 };
  const now = deps.clock.now();
  const claimed: DigestSubscription[] = [];
  for (const due of await deps.digestStore.listDue(now, DUE_PER_RUN)) {
    // A run taken over from a poster that died is the same run: same time, same post key.
    const posting = { runAt: due.posting?.runAt ?? due.nextRunAt, until: now + deps.timing.digestPostingLeaseMs };
    const taken = await deps.digestStore.claim(due, posting, now);
    if (taken) claimed.push(taken);
    else tally.lost_race++;
  }
  if (claimed.length === 0) return tally;

  const statuses = createStatusReader(deps);
  // Rounds: the k-th due subscription of every channel at once. Channels run in parallel, while within a
  // channel every post is at least a second after the previous one, as Slack asks.
  const byChannel = new Map<string, DigestSubscription[]>();
  for (const sub of claimed) byChannel.set(sub.channelId, [...(byChannel.get(sub.channelId) ?? []), sub]);
  const rounds = Math.max(...[...byChannel.values()].map((subs) => subs.length));
  for (let round = 0; round < rounds; round++) {
    const subs = [...byChannel.values()].flatMap((list) => list.slice(round, round + 1));
    const posted = await mapWithConcurrency(subs, CHANNEL_CONCURRENCY, async (sub) => {
      const log = deps.log.with({ channelId: sub.channelId, digestId: sub.id });
      try {
        const outcome = await postDigest(deps, sub, await statuses.rowsFor(sub), log);
        tally[outcome.result]++;
        return outcome;
      } catch (error) {
        if (error instanceof ConditionFailedError) tally.lost_race++;
        else {
          tally.retry++;
          // A refusal that will not pass by itself (a revoked Polytomic key) must reach the alarm, not just the logs.
          const lasting = error instanceof PolytomicError && !error.transient;
          log[lasting ? 'error' : 'warn']('digest not posted; will try again', { error });
        }
        return undefined;
      }
    });
    const threads = posted.filter(
      (p): p is NonNullable<typeof p> & { thread: NonNullable<PostOutcome['thread']> } => p?.thread !== undefined,
    );
    if (threads.length > 0) {
      await deps.sleep(DIGEST_POLICY.perChannelGapMs);
      await mapWithConcurrency(threads, CHANNEL_CONCURRENCY, (p) =>
        // The digest itself is out; a missing thread is logged rather than posting the digest again.
        postOnce(deps, `${p.postKey}:details`, p.thread).catch((error: unknown) =>
          deps.log.warn('digest details not posted', { channelId: p.thread.channel, error }),
        ),
      );
    }
    if (round + 1 < rounds) await deps.sleep(DIGEST_POLICY.perChannelGapMs);
  }
  return tally;
}

/** A channel's open alerts by sync, for a digest to say who is on each failing sync. */
export async function openAlertsIn(deps: Pick<DigestDeps, 'incidentStore'>, channelId: string) {
  const incidents = await deps.incidentStore.ofChannel(channelId);
  return new Map(incidents.filter(isOpen).map((incident) => [incident.syncId, incident]));
}

interface PostOutcome {
  result: DigestResult;
  postKey?: string;
  /** The threaded details to post once the channel may take another message. */
  thread?: SlackMessage & { channel: string; threadTs: string };
}

/** Posts one subscription's digest and records the outcome; the details reply is left to the caller's next wave. */
async function postDigest(
  deps: DigestDeps,
  sub: DigestSubscription,
  rows: DigestRow[],
  log: Log,
): Promise<PostOutcome> {
  const runAt = sub.posting?.runAt ?? sub.nextRunAt;
  // Never a backlog: after downtime the next run is the next one from now, not every one missed.
  const next = nextRunAt(sub.schedule, Math.max(runAt, deps.clock.now()));
  const rendered = renderDigest({
    subscription: sub,
    rows,
    previous: sub.snapshot,
    polytomicUrl: deps.polytomicUrl,
    openAlerts: await openAlertsIn(deps, sub.channelId),
  });
  // One post per subscription and scheduled run, however often the run is tried.
  const postKey = `digest:${sub.channelId}:${sub.id}:${runAt}`;
  let ts: string | undefined;
  try {
    if (rendered.message) ts = (await postOnce(deps, postKey, { channel: sub.channelId, ...rendered.message })).ts;
  } catch (error) {
    if (!(error instanceof SlackError) || error.transient) throw error;
    await deps.digestStore.save(
      sub,
      { paused: { reason: error.error, at: deps.clock.now() }, posting: undefined },
      deps.clock.now(),
    );
    log.warn('digest paused: Slack refused the channel', { slackError: error.error });
    await postOnce(deps, `${postKey}:paused`, {
      channel: sub.createdBy,
      ...renderDigestPaused(sub, error.error),
    }).catch((dmError: unknown) => log.warn('creator not told of the pause', { error: dmError }));
    return { result: 'paused' };
  }
  await deps.digestStore.save(
    sub,
    {
      posting: undefined,
      nextRunAt: next,
      dueAt: next,
      snapshot: rendered.snapshot,
      lastPostedAt: ts ? deps.clock.now() : sub.lastPostedAt,
    },
    deps.clock.now(),
  );
  log.info(ts ? 'digest posted' : 'digest skipped: nothing failing', { nextRunAt: next });
  if (!ts) return { result: 'skipped' };
  return {
    result: 'posted',
    postKey,
    thread: rendered.details ? { ...rendered.details, channel: sub.channelId, threadTs: ts } : undefined,
  };
}

/** Reads each sync's status at most once per run, however many channels include it. */
export function createStatusReader(deps: Pick<DigestDeps, 'polytomic' | 'log'>) {
  let allSyncs: Promise<SyncRef[]> | undefined;
  const statuses = new Map<string, Promise<SyncStatus | undefined>>();
  const statusOf = (sync: Pick<SyncRef, 'id' | 'kind'>) => {
    let pending = statuses.get(sync.id);
    if (!pending) {
      pending = deps.polytomic.getSyncStatus(sync).catch((error: unknown) => {
        if (!(error instanceof PolytomicError)) throw error;
        deps.log.warn('sync status unavailable for the digest', { syncId: sync.id, code: error.code });
        return undefined;
      });
      statuses.set(sync.id, pending);
    }
    return pending;
  };
  return {
    async rowsFor(sub: Pick<DigestSubscription, 'scope'>): Promise<DigestRow[]> {
      allSyncs ??= deps.polytomic.listSyncs();
      const syncs = await allSyncs;
      const wanted =
        sub.scope.kind === 'syncs'
          ? syncs.filter((s) => sub.scope.kind === 'syncs' && sub.scope.syncs.some((w) => w.id === s.id))
          : syncs;
      return mapWithConcurrency(wanted, STATUS_CONCURRENCY, async (sync) => ({ sync, status: await statusOf(sync) }));
    },
  };
}
