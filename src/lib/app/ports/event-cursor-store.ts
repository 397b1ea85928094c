/** How far the catch-up has read Polytomic's event list, and when it may read again. */
export interface EventCursor {
  lastSeenAt: number;
  nextReadAt: number;
  version: number;
}

export interface EventCursorStore {
  get(): Promise<EventCursor | undefined>;
  /** Creates the cursor, or changes it if nobody else did since it was read. */
  save(previous: EventCursor | undefined, next: Omit<EventCursor, 'version'>, now: number): Promise<EventCursor>;
}
