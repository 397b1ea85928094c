import { describe, expect, it } from 'vitest';
import { stackFromArgs } from '../../scripts/stack.js';

describe('the stack the scripts act on', () => {
  it('finds the stack and table the way serverless.yml names them', () => {
    expect(stackFromArgs(['abc', '--stage', 'prod', '--region', 'us-east-1'])).toEqual({
      stage: 'prod',
      region: 'us-east-1',
      stackName: 'polytomic-slack-prod',
      tableName: 'polytomic-slack-prod',
      rest: ['abc'],
    });
  });
});
