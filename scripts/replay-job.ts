import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { pathToFileURL } from 'node:url';
import { stackFromArgs } from './stack.js';

export type ReplayResult =
  | { replayed: true; summary: string; lastError?: string }
  | { replayed: false; reason: string };

/**
 * Puts a failed job back in the queue: pending, due now, with its attempts reset, and back in the
 * `active-by-due` index (as `activeKind = JOB`), where the poller picks it up within a minute. Only a
 * job whose status is `failed` is touched, and its version is bumped like every other state change.
 */
export async function replayFailedJob(client: DynamoDBClient, tableName: string, jobId: string, now: number): Promise<ReplayResult> {
  const id = jobId.replace(/^JOB#/, '');
  try {
    const { Attributes = {} } = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({ pk: `JOB#${id}`, sk: 'JOB' }),
        ConditionExpression: '#status = :failed',
        UpdateExpression: 'SET #status = :pending, attempts = :zero, activeKind = :job, dueAt = :now, updatedAt = :now, #version = #version + :one',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: marshall({ ':failed': 'failed', ':pending': 'pending', ':zero': 0, ':job': 'JOB', ':now': now, ':one': 1 }),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    const job = unmarshall(Attributes);
    return { replayed: true, summary: String(job.summary), lastError: job.lastError === undefined ? undefined : String(job.lastError) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const status = error.Item ? unmarshall(error.Item).status : undefined;
    return { replayed: false, reason: status === undefined ? `no job ${id} in ${tableName}` : `job ${id} is ${String(status)}, not failed` };
  }
}

/** `npm run replay-job -- <job id> [--stage prod] [--region eu-west-1]` */
async function main(args: string[]): Promise<void> {
  const stack = stackFromArgs(args);
  const [jobId] = stack.rest;
  if (!jobId) throw new Error('usage: npm run replay-job -- <job id> [--stage <stage>] [--region <region>]');
  const client = new DynamoDBClient({ region: stack.region });
  try {
    const result = await replayFailedJob(client, stack.tableName, jobId, Date.now());
    if (!result.replayed) throw new Error(result.reason);
    process.stdout.write(
      `Replaying "${result.summary}" (it had failed with ${result.lastError ?? 'no recorded error'}).\n` +
        `The poller runs it within a minute; watch with: npx osls logs -f poll -t --stage ${stack.stage} --region ${stack.region}\n`,
    );
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
