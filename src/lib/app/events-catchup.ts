import type { Clock } from '../clock.js';
import { classifyEvent } from '../core/alerts.js';
import type { Log } from '../log.js';
import { eventJob } from './accept-polytomic-event.js';
import type { EventCursorStore } from './ports/event-cursor-store.js';
import type { JobStore } from './ports/job-store.js';
import type { PolytomicApi } from './ports/polytomic.js';

export interface CatchupDeps {
  polytomic: PolytomicApi;
  eventCursorStore: EventCursorStore;
  jobStore: JobStore;
  clock: Clock;
  log: Log;
}

export const CATCHUP_POLICY = {
  /**
   * Read Polytomic's event list at most this often: once per scheduled poll invocation (a minute apart, each
   * ticking for at most 50 s). Not 60 s: an invocation whose first tick came a few ms earlier in its minute
   * than the last one's would find the cursor not yet due, and the read would wait a whole minute more.
   */
  everyMs: 55_000,
  /** Re-read this far back each time: an event can be listed with a time a little before one already seen. */
  overlapMs: 2 * 60_000,
  /** Where a first read starts: recent enough not to flood channels with history. */
  firstLookBackMs: 10 * 60_000,
  pageSize: 100,
  maxPages: 20,
};

/**
 * Polytomic delivers each event at most once, so a missed delivery would be a missed alert. Once a
 * minute this reads `GET /api/events` from the last event seen (time-window paging) and records each
 * event as the same job a delivery would have made: the job id is the event id, so what was already
 * delivered is not recorded twice.
 */
export async function catchUpEvents(deps: CatchupDeps): Promise<{ read: number; recorded: number } | 'not_due'> {
  const now = deps.clock.now();
  const cursor = await deps.eventCursorStore.get();
  if (cursor && cursor.dueAt > now) return 'not_due';
  // Claiming the next read time first makes overlapping runs read once.
  const lastSeenFrom = cursor?.lastSeenAt ?? now - CATCHUP_POLICY.firstLookBackMs;
  const claimed = await deps.eventCursorStore.claim(cursor, lastSeenFrom, now + CATCHUP_POLICY.everyMs, now);
  if (!claimed) return 'not_due';
  let from = claimed.lastSeenAt - CATCHUP_POLICY.overlapMs;
  let lastSeenAt = claimed.lastSeenAt;
  let read = 0;
  let recorded = 0;
  for (let page = 0; page < CATCHUP_POLICY.maxPages; page++) {
    const events = await deps.polytomic.listEvents({
      startingAfter: new Date(from).toISOString(),
      limit: CATCHUP_POLICY.pageSize,
    });
    for (const event of events) {
      read++;
      const at = Date.parse(event.created_at);
      lastSeenAt = Math.max(lastSeenAt, at);
      // Only finished runs matter to alerts; the job itself runs from the table's stream (or the next tick).
      if (!classifyEvent(event.type)) continue;
      if ((await deps.jobStore.create(eventJob(event, now))) === 'created') recorded++;
    }
    const last = events.at(-1);
    if (events.length < CATCHUP_POLICY.pageSize || !last) break;
    // The next page starts a millisecond before the last event, so events sharing its time are read again
    // (their job ids dedupe them) rather than skipped; unless that would not move on at all.
    const lastAt = Date.parse(last.created_at);
    from = lastAt - 1 > from ? lastAt - 1 : lastAt;
  }
  await deps.eventCursorStore.advance(claimed, lastSeenAt, deps.clock.now());
  if (recorded > 0) deps.log.info('missed events caught up', { read, recorded });
  return { read, recorded };
}
