import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A DynamoDB client with deadlines: the acknowledgement path has three seconds in all, so a stuck
 * connection must fail fast rather than hang. `endpoint` points at DynamoDB Local or dynalite.
 */
export function createDynamoClient(options: { endpoint?: string; requestTimeoutMs?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 3,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 1_500, connectionTimeout: 500 },
    ...(options.endpoint
      ? { endpoint: options.endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}
