import type { NewJob } from '../../src/lib/schemas/items.js';

/** When the jobs of the store suites were made. */
export const JOB_T0 = Date.parse('2026-11-23T10:00:00Z');

/** A slash command's job as the acknowledgement records it. */
export const newJob = (id: string, overrides: Partial<NewJob> = {}): NewJob => ({
  id,
  kind: 'slack_command',
  payload: JSON.stringify({ command: '/polytomic', text: 'status orders' }),
  teamId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  summary: '/polytomic status orders',
  createdAt: JOB_T0,
  ...overrides,
});
