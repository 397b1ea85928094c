import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { runStreamedJobs } from '../lib/app/stream-jobs.js';
import { workerDepsFromEnv } from './worker-deps.js';

const deps = await workerDepsFromEnv('worker');

/** DynamoDB stream (new JOB items) → the job runner. */
export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => runStreamedJobs(deps, event);
