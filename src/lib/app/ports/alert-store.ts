import type { AlertEntry, AlertState, Watch } from '../../core/alerts.js';

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
  /** Channels whose flush is due, with the due time read (the claim's condition). */
  dueFlushes(now: number, limit: number): Promise<{ channelId: string; dueAt: number }[]>;
  /** Whether any channel has a flush waiting (due now or soon). */
  hasPendingFlush(): Promise<boolean>;
  /**
   * Takes a due flush by moving it to `leaseUntil`: should the taker die, the flush is due again then.
   * False when another run took it first.
   */
  claimFlush(channelId: string, dueAt: number, leaseUntil: number): Promise<boolean>;
  /** Gives a claimed flush back: due again at `retryAt`, or, without it, done and removed. */
  releaseFlush(channelId: string, leaseUntil: number, retryAt?: number): Promise<void>;
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
