import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The worker's and poller's DynamoDB client, with deadlines, so a stuck connection fails fast rather than hangs
 * (the acknowledgement has its own AWS path, `adapters/aws/aws-json-api.ts`, with the same ones). `endpoint`
 * points at DynamoDB Local or dynalite.
 */
export function createDynamoClient(options: { endpoint?: string; requestTimeoutMs?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and waits on.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 1_500,
      connectionTimeout: 500,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
}
