import type { Connection } from '../../core/connection.js';
import type { SyncOverviewRow } from '../../core/render-status.js';

/** The last sweep of every sync's state (and every connection's health) in a team, where every worker instance reads it. */
export interface OverviewSweep {
  rows: SyncOverviewRow[];
  /** Undefined when Polytomic would not list them; the syncs are still worth showing. */
  connections?: Connection[];
  at: number;
}

/** The last good sweep of a team (only successful sweeps are written): fresh, or kept to show when Polytomic fails. */
export interface OverviewStore {
  read(teamId: string): Promise<OverviewSweep | undefined>;
  write(teamId: string, sweep: OverviewSweep): Promise<void>;
}
