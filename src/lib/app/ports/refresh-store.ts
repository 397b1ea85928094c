import type { Refresh } from '../../core/refresh.js';

export type RefreshClaim = { kind: 'claimed' | 'resumed'; refresh: Refresh } | { kind: 'taken'; refresh: Refresh };

export type NewRefresh = Pick<
  Refresh,
  'connectionId' | 'connectionName' | 'connectionType' | 'jobId' | 'channelId' | 'requestedBy'
>;

/** One refresh per connection at a time: the connection's item is the slot, held until the refresh is done. */
export interface RefreshStore {
  /** Takes the slot for this job, or returns this job's own refresh (on a retry, in whatever state), or reports the refresh holding it. */
  claim(input: NewRefresh, now: number, startingUntil: number): Promise<RefreshClaim>;
  get(connectionId: string): Promise<Refresh | undefined>;
  /** Applies `changes` if nobody changed the refresh since it was read; `active` puts it in or takes it out of the due index. */
  save(refresh: Refresh, changes: Partial<Refresh>, now: number): Promise<Refresh>;
  /** Refreshes due a check, oldest due first. */
  listDue(now: number, limit: number): Promise<Refresh[]>;
  /** Refreshes still being watched (due now or later), for the Home tab; at most `limit`. */
  listActive(limit: number): Promise<Refresh[]>;
  /** Whether any refresh is still being watched (due now or later). */
  hasActive(): Promise<boolean>;
}
