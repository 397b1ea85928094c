import type { SyncOverviewRow } from '../../core/render-status.js';

/** The last sweep of every sync's state in a team, where every worker instance reads it. */
export interface OverviewSweep {
  rows: SyncOverviewRow[];
  at: number;
}

/** The last good sweep of a team (only successful sweeps are written): fresh, or kept to show when Polytomic fails. */
export interface OverviewStore {
  read(teamId: string): Promise<OverviewSweep | undefined>;
  write(teamId: string, sweep: OverviewSweep): Promise<void>;
}
