import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../src/local/dynamodb-local.js';
import { packageService } from './deploy/osls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbLocalEndpoint: string;
  }
}

let stop: (() => void) | undefined;

/**
 * Once for the whole run, side by side: starts AWS's DynamoDB Local (Java), in which each test file makes
 * its own tables, and packages the service with `osls package` for the tests in test/deploy.
 */
export async function setup(project: TestProject): Promise<void> {
  const [dynamo] = await Promise.all([startDynamoDbLocal(), packageService()]);
  stop = dynamo.stop;
  project.provide('dynamoDbLocalEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  stop?.();
}
