import type { Timing } from '../core/timing.js';
import type { AlertStore } from './ports/alert-store.js';
import type { HomeViewStore } from './ports/home-view-store.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { PolytomicApi } from './ports/polytomic.js';
import type { RuleCheckStore } from './ports/rule-check-store.js';
import type { PostOnceDeps } from './post-once.js';

/** What posting alerts and working their incidents needs (alerts.ts, incident.ts, watch.ts, the poller). */
export interface AlertDeps extends PostOnceDeps {
  alertStore: AlertStore;
  incidentStore: IncidentStore;
  /** Who is looking at their Home, so a change here republishes it (app/home.ts). */
  homeViewStore: HomeViewStore;
  ruleCheckStore: RuleCheckStore;
  polytomic: PolytomicApi;
  polytomicUrl: string;
  timing: Timing;
  /** The failure in a row whose thread reply suggests pausing (`ALERT_POLICY.suggestPauseAt` unless configured). */
  suggestPauseAt: number;
}
