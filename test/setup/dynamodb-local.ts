import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../src/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbLocalEndpoint: string;
  }
}

let stop: (() => void) | undefined;

/** Once for the run of the `dynamo` project: AWS's own DynamoDB Local (Java), in which each test file makes its own tables. */
export async function setup(project: TestProject): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  stop = dynamo.stop;
  project.provide('dynamoDbLocalEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  stop?.();
}
