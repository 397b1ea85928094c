import type { HomeViewer } from '../../schemas/items.js';

export type { HomeViewer };

/** The pending republish of the Homes being looked at; `version` is what ending it is conditional on. */
export interface HomeRepublish {
  version: number;
}

/**
 * Who is looking at their Home, and the one pending republish of those Homes after something they show
 * changed (an alert opened, taken or closed; a watch, digest or refresh changed).
 */
export interface HomeViewStore {
  /** Records a Home published at its person's asking. */
  viewed(view: HomeViewer): Promise<void>;
  /** The Homes looked at since `since`, the most recent first, at most `limit`. */
  viewedSince(since: number, limit: number): Promise<HomeViewer[]>;
  /**
   * Makes a republish due at `now`, or `gapMs` after the last one began, whichever is later; one already due
   * by then is left as it is. A run in progress is superseded, so a change made while it runs is not missed.
   */
  markStale(now: number, gapMs: number): Promise<void>;
  /** Takes the republish until `until` when it is due; undefined when none is, or another run has it. */
  claimDue(now: number, until: number): Promise<HomeRepublish | undefined>;
  /** Ends a republish; false when a change superseded it (it stays due). */
  finish(held: HomeRepublish, now: number): Promise<boolean>;
}
