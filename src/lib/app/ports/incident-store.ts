import type { Incident, IncidentFields } from '../../core/incident.js';

/**
 * How each channel works each sync's failure (owner, snooze, timers). Every write is conditional on the
 * version read; the item is due in `active-by-due` at its earliest pending timer, and leaves it with none.
 */
export interface IncidentStore {
  get(channelId: string, syncId: string): Promise<Incident | undefined>;
  ofChannel(channelId: string): Promise<Incident[]>;
  /**
   * Creates the item (`previous` undefined) or replaces its fields, conditional on `previous.version`;
   * throws `ConditionFailedError` when another write came first. Due again at its next timer.
   */
  save(previous: Incident | undefined, next: IncidentFields, now: number): Promise<Incident>;
  /** Items whose next timer has come, the longest overdue first. */
  due(now: number, limit: number): Promise<Incident[]>;
  /** Takes a due item until `until` (should the taker die, it is due again then); undefined when another run took it. */
  claim(incident: Incident, until: number, now: number): Promise<Incident | undefined>;
}
