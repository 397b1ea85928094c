import type { AlertEntry, AlertState, Watch } from '../../core/alerts.js';

/** A channel's flush as read or held: the version is what the next write of it is conditional on. */
export interface Flush {
  channelId: string;
  version: number;
}

/**
 * Watches (which channel hears about which sync), each channel's outbox of finished runs waiting to be
 * posted, the flush that is due for it, and what each channel was last told about each sync.
 */
export interface AlertStore {
  putWatch(watch: Watch): Promise<void>;
  removeWatch(channelId: string, syncId: string): Promise<boolean>;
  watchesOfChannel(channelId: string): Promise<Watch[]>;
  /** Channels watching this sync, directly or through `ALL`. */
  watchersOf(syncId: string): Promise<Watch[]>;
  /** Queues an entry for a channel and makes sure a flush is due no later than `flushAt`. */
  enqueue(channelId: string, entry: AlertEntry, flushAt: number): Promise<void>;
  /** Makes a flush due at `at` unless one is due already (a failed flush tries again). */
  scheduleFlush(channelId: string, at: number): Promise<void>;
  outbox(channelId: string): Promise<AlertEntry[]>;
  dropFromOutbox(channelId: string, entries: readonly AlertEntry[]): Promise<void>;
  /** Channels whose flush is due, each with the version read (the claim's condition). */
  dueFlushes(now: number, limit: number): Promise<Flush[]>;
  /** Whether any channel has a flush waiting (due now or soon). */
  hasPendingFlush(): Promise<boolean>;
  /**
   * Takes a due flush by moving it to `leaseUntil`: should the taker die, the flush is due again then.
   * Returns the flush as held, or undefined when another run took it first.
   */
  claimFlush(flush: Flush, leaseUntil: number, now: number): Promise<Flush | undefined>;
  /**
   * Gives a held flush back: due again at `retryAt`, or, without it, done and removed. A flush that outlived
   * its lease has been taken over and is the other run's now, so it is left alone.
   */
  releaseFlush(held: Flush, now: number, retryAt?: number): Promise<void>;
  state(channelId: string, syncId: string): Promise<AlertState | undefined>;
  /** Creates or updates (versioned) what the channel was told about a sync. */
  saveState(
    channelId: string,
    syncId: string,
    previous: AlertState | undefined,
    next: Omit<AlertState, 'version'>,
    now: number,
  ): Promise<AlertState>;
}
