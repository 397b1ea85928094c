import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AlertDeps } from './alert-deps.js';
import { flushDueAlerts } from './alerts.js';
import type { RunJobDeps } from './run-job.js';
import { runJob } from './run-job.js';

/**
 * Runs the jobs a DynamoDB stream batch announces. Only a store failure fails a record (so Lambda retries
 * that record); a job's own failures are retried on the job's schedule by the poller. A batch that carried
 * Polytomic events then posts their alerts once the grouping window has closed.
 */
export async function runStreamedJobs(
  deps: RunJobDeps & AlertDeps,
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  let events = 0;
  for (const record of event.Records) {
    const pk = record.dynamodb?.Keys?.pk?.S;
    if (record.eventName !== 'INSERT' || !pk?.startsWith('JOB#')) continue;
    if (record.dynamodb?.NewImage?.kind?.S === 'polytomic_event') events++;
    try {
      await runJob(deps, pk.slice('JOB#'.length));
    } catch (error) {
      deps.log.error('stream record failed', { pk, error });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  if (events > 0) await postAlertsWhenDue(deps);
  return { batchItemFailures };
}

/**
 * Left to the poller, an alert would wait for its next invocation: up to a minute when it is idle. So the
 * worker waits out the grouping window (a flush the events made is due by then) and flushes; the flush's
 * claim keeps it to one poster should the poller be flushing too, and a failure here is the poller's to retry.
 */
async function postAlertsWhenDue(deps: AlertDeps): Promise<void> {
  await deps.sleep(deps.timing.alertBatchMs);
  try {
    await flushDueAlerts(deps);
  } catch (error) {
    deps.log.warn('alerts not flushed after the stream batch; the poller will', { error });
  }
}
