import type { EventCursor } from '../../schemas/items.js';

/** How far the catch-up has read Polytomic's event list; a leased item whose lease end is its next read. */
export interface EventCursorStore {
  get(): Promise<EventCursor | undefined>;
  /**
   * Takes the next read, held until `until` (when the one after is due), creating the cursor on the first
   * read; undefined when another run took it first.
   */
  claim(
    previous: EventCursor | undefined,
    lastSeenAt: number,
    until: number,
    now: number,
  ): Promise<EventCursor | undefined>;
  /** Records how far the held read got, if nobody took the cursor since. */
  advance(held: EventCursor, lastSeenAt: number, now: number): Promise<EventCursor>;
}
