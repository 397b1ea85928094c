import { defineConfig } from 'vitest/config';

// Three projects, so a change to pure code is checked in seconds (`npm run test:unit`) while `npm test`
// still runs everything: `unit` needs nothing started, `dynamo` needs DynamoDB Local, `deploy` needs the
// service packaged by osls. A new test file lands in `dynamo` unless listed here.
const UNIT = [
  'test/core/**/*.test.ts',
  'test/config.test.ts',
  'test/layers.test.ts',
  'test/adapters/http/*-signature.test.ts',
  'test/adapters/polytomic/**/*.test.ts',
  'test/adapters/slack/**/*.test.ts',
  'test/adapters/dynamo/client.test.ts',
  'test/local/**/*.test.ts',
  'test/deploy/slack-manifest.test.ts',
];
const DEPLOY = ['test/deploy/bundles.test.ts', 'test/deploy/serverless-template.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'dynamo',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...DEPLOY],
          globalSetup: ['test/setup/dynamodb-local.ts'],
        },
      },
      { extends: true, test: { name: 'deploy', include: DEPLOY, globalSetup: ['test/setup/package-service.ts'] } },
    ],
  },
});
