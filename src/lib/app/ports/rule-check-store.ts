import type { WatchRule } from '../../core/alerts.js';
import type { SyncKind } from '../../core/sync.js';
import type { RuleCheckState } from '../../core/watch-rules.js';

/** What a check is about: one watched sync in one channel, and the rules the poller checks for it. */
export interface RuleCheckTarget {
  channelId: string;
  syncId: string;
  syncName: string;
  syncKind: SyncKind;
  /** The polled rules only (stale, running); `errors` is judged from events. */
  rules: WatchRule[];
}

/** A check as read or held: the version is what its next write is conditional on. */
export interface RuleCheck extends RuleCheckTarget {
  state: RuleCheckState;
  version: number;
}

/**
 * The poller's checks of polled watch rules, one per watched sync and channel, each due at the next moment
 * one of its rules could fire (the `active-by-due` index, so a tick costs what is due, not what is watched).
 */
export interface RuleCheckStore {
  /** Sets a check's rules and makes it due at `now`, keeping what earlier checks learnt; creates it if new. */
  arm(target: RuleCheckTarget, now: number): Promise<void>;
  /** Removes the check (the watch or its last polled rule is gone). */
  disarm(channelId: string, syncId: string): Promise<void>;
  /** Checks due by `now`, at most `limit`, the longest overdue first. */
  due(now: number, limit: number): Promise<RuleCheck[]>;
  /** Takes a due check until `until`; undefined when another run took it (or it changed) first. */
  claim(check: RuleCheck, until: number, now: number): Promise<RuleCheck | undefined>;
  /** Saves what the check learnt and makes it due again at `at`; false when the check changed meanwhile. */
  reschedule(held: RuleCheck, state: RuleCheckState, at: number, now: number): Promise<boolean>;
}
