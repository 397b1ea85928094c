import type { JobRecorder } from '../adapters/aws/ack-stores.js';
import type { AwsJsonApi } from '../adapters/aws/aws-json-api.js';
import type { JobQueue } from '../app/accept-slack-request.js';
import type { Clock } from '../clock.js';
import type { Log } from '../log.js';
import type { NewJob } from '../schemas/items.js';

/** What every way into the acknowledgement (HTTP, Socket Mode) is built from. */
export interface AckComposition {
  /** Where a response_url may point (SLACK_RESPONSE_URL_ORIGINS). */
  responseUrlOrigins: readonly string[];
  /** DynamoDB without the SDK client (`createAwsJsonApi`; ARCHITECTURE, "The acknowledgement's own AWS path"). */
  dynamodb: AwsJsonApi;
  tableName: string;
  clock: Clock;
  log: Log;
  /** Runs a newly recorded job: in-process locally; on Lambda the table's stream does it. */
  afterEnqueue?: (job: NewJob) => void;
}

// Slack gives the whole acknowledgement 3 s (over HTTP and over Socket Mode). The job write gets 2 of them,
// retries included (1.5 s an attempt would allow ~4.5 s), so a slow DynamoDB still leaves time to say that
// nothing happened.
const JOB_WRITE_BUDGET_MS = 2_000;

/** The acknowledgement's job queue: one conditional write within the budget, then `afterEnqueue` for a new job. */
export function boundedJobQueue(recorder: JobRecorder, afterEnqueue?: (job: NewJob) => void): JobQueue {
  return {
    async enqueue(job) {
      const result = await recorder.create(job, { signal: AbortSignal.timeout(JOB_WRITE_BUDGET_MS) });
      if (result === 'created') afterEnqueue?.(job);
      return result;
    },
  };
}
