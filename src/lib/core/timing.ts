/**
 * Every lease, retry delay and deadline the bot keeps, in one place. Their ratios carry the safety
 * arguments (a lease outlives the work it guards, a post in flight outlives the Slack client's deadline),
 * so they are scaled together: the fault-injection suite runs them 20× faster with `TIME_SCALE`.
 */
export interface Timing {
  /** A claimed job's lease: longer than the worker function's timeout, so a live attempt is never taken over. */
  jobLeaseMs: number;
  /** Wait before a job's attempt 2, then before attempt 3. */
  jobRetryDelaysMs: readonly [number, number];
  /** How often a pending refresh is checked: a person hears back within about this long. */
  refreshCheckIntervalMs: number;
  /** A starting refresh slot whose job died frees itself after this. */
  refreshStartingLeaseMs: number;
  /** A poll run that claimed a refresh's finishing step has this long before another may take over. */
  refreshFinishLeaseMs: number;
  /** Events for a channel are gathered this long before posting, so a wave of failures becomes one message. */
  alertBatchMs: number;
  /** A flush is held this long by the run posting it: past the poll function's timeout. */
  alertFlushLeaseMs: number;
  /** A flush that Slack or DynamoDB interrupted is tried again this much later. */
  alertRetryMs: number;
  /** A digest poster that died half way is replaced after this. */
  digestPostingLeaseMs: number;
  /** A failure alert nobody has taken (I'm on it) this long gets one reminder in its thread. */
  unownedReminderMs: number;
  /** A poll run posting an alert's reminder holds it this long: past the poll function's timeout. */
  incidentLeaseMs: number;
  /** Deadline of each Slack Web API call and response_url post. */
  slackTimeoutMs: number;
  /** Deadline of each Polytomic request attempt. */
  polytomicTimeoutMs: number;
  /**
   * A post whose outcome is unknown may still land this long after it began (the Slack client's deadline,
   * plus margin: posts get no transport retry); before then a recovery waits rather than looks it up.
   */
  postInFlightMs: number;
  /** A person waiting on Polytomic this long hears that the bot is still trying (Slack users expect word within 10 s). */
  stillWaitingNoticeMs: number;
  /** An alert waits this long at most for its run's context (counts, errors, tables), then goes without it. */
  failureContextMs: number;
}

export const DEFAULT_TIMING: Timing = {
  jobLeaseMs: 90_000,
  jobRetryDelaysMs: [5_000, 30_000],
  refreshCheckIntervalMs: 5_000,
  refreshStartingLeaseMs: 5 * 60_000,
  refreshFinishLeaseMs: 60_000,
  alertBatchMs: 5_000,
  alertFlushLeaseMs: 120_000,
  alertRetryMs: 30_000,
  digestPostingLeaseMs: 60_000,
  unownedReminderMs: 30 * 60_000,
  incidentLeaseMs: 120_000,
  slackTimeoutMs: 10_000,
  polytomicTimeoutMs: 15_000,
  postInFlightMs: 15_000,
  stillWaitingNoticeMs: 6_000,
  failureContextMs: 3_000,
};

/** The default timing with every duration multiplied by `scale` (1: as deployed). */
export function scaleTiming(scale: number, base: Timing = DEFAULT_TIMING): Timing {
  if (scale === 1) return base;
  const scaled = (ms: number) => Math.max(1, Math.round(ms * scale));
  // Every field is a duration or a list of them.
  const entries = Object.entries(base).map(([name, value]: [string, number | readonly number[]]) => [
    name,
    typeof value === 'number' ? scaled(value) : value.map(scaled),
  ]);
  return Object.fromEntries(entries) as Timing;
}
