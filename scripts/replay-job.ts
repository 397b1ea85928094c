import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoJobStore } from '../src/lib/adapters/dynamo/job-store.js';
import { stackFromArgs } from './stack.js';

/** `npm run replay-job -- <job id> [--stage prod] [--region eu-west-1]` */
async function main(args: string[]): Promise<void> {
  const stack = stackFromArgs(args);
  const [jobId] = stack.rest;
  if (!jobId) throw new Error('usage: npm run replay-job -- <job id> [--stage <stage>] [--region <region>]');
  const client = new DynamoDBClient({ region: stack.region });
  try {
    const result = await createDynamoJobStore(client, stack.tableName).replay(jobId.replace(/^JOB#/, ''), Date.now());
    if (!result.replayed) throw new Error(result.reason);
    process.stdout.write(
      `Replaying "${result.job.summary}" (it had failed with ${result.job.lastError ?? 'no recorded error'}).\n` +
        `The poller runs it within a minute; watch with: npx osls logs -f poll -t --stage ${stack.stage} --region ${stack.region}\n`,
    );
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
