import { defineConfig } from 'vitest/config';

// Three projects, so a change to pure code is checked in seconds (`npm run test:unit`) while `npm test`
// still runs everything: `unit` needs nothing started, `dynamo` needs DynamoDB Local, `deploy` needs the
// service packaged by osls. A new test file lands in `dynamo` unless listed here.
const UNIT = [
  'test/core/**/*.test.ts',
  'test/config.test.ts',
  'test/log.test.ts',
  'test/layers.test.ts',
  'test/adapters/aws/*.test.ts',
  'test/adapters/polytomic/**/*.test.ts',
  'test/adapters/slack/**/*.test.ts',
  'test/adapters/dynamo/client.test.ts',
  'test/local/**/*.test.ts',
  'test/scripts/manifest.test.ts',
  'test/scripts/stack.test.ts',
];
const DEPLOY = ['test/deploy/**/*.test.ts'];

export default defineConfig(({ mode }) => ({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          // Pure files share no state, so one worker thread may run many of them on modules imported once
          // (a third less CPU than a fresh process per file). Vitest's default on 2 cores is 1 worker; two
          // let the long-text property suite run beside the rest. Other projects keep the defaults, and a
          // project with its own maxWorkers needs its own groupOrder, so the projects run one after another.
          pool: 'threads',
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          // `npm run test:unit` passes `--mode quick`: the slowest property suite draws fewer cases there.
          provide: { propertyRuns: mode === 'quick' ? 'quick' : 'full' },
        },
      },
      {
        extends: true,
        test: {
          name: 'dynamo',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...DEPLOY],
          globalSetup: ['test/setup/dynamodb-local.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'deploy',
          include: DEPLOY,
          globalSetup: ['test/setup/package-service.ts'],
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
}));
