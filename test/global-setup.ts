import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../src/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbLocalEndpoint: string;
  }
}

let stop: (() => void) | undefined;

/** Starts AWS's DynamoDB Local (Java) once for the whole run; each test file makes its own tables in it. */
export async function setup(project: TestProject): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  stop = dynamo.stop;
  project.provide('dynamoDbLocalEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  stop?.();
}
