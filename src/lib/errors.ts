/** Base of every unexpected failure: a stable `code` for logs and tests, the original `cause` kept. */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A conditional write lost its race: another request or run got there first. A normal outcome. */
export class ConditionFailedError extends AppError {
  constructor(what: string, options?: { cause?: unknown }) {
    super('condition_failed', `${what}: condition failed`, options);
  }
}

/** A stored item that no longer has the shape this version reads (a manual edit, an older format). */
export class UnreadableItemError extends AppError {
  constructor(what: string, options?: { cause?: unknown }) {
    super('unreadable_item', `${what}: stored item not readable`, options);
  }
}
