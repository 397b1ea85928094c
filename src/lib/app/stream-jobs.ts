import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { RunJobDeps } from './run-job.js';
import { runJob } from './run-job.js';

/**
 * Runs the jobs a DynamoDB stream batch announces. Only a store failure fails a record (so Lambda retries
 * that record); a job's own failures are retried on the job's schedule by the poller.
 */
export async function runStreamedJobs(deps: RunJobDeps, event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const pk = record.dynamodb?.Keys?.pk?.S;
    if (record.eventName !== 'INSERT' || !pk?.startsWith('JOB#')) continue;
    try {
      await runJob(deps, pk.slice('JOB#'.length));
    } catch (error) {
      deps.log.error('stream record failed', { pk, error });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}
