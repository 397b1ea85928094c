import { z } from 'zod';

/** A job item as stored; read back through this so a malformed item is an error, not an undefined. */
export const jobItemSchema = z.object({
  pk: z.string().startsWith('JOB#'),
  sk: z.literal('JOB'),
  id: z.string(),
  kind: z.enum(['slack_command', 'slack_action']),
  payload: z.string(),
  teamId: z.string(),
  channelId: z.string().optional(),
  userId: z.string(),
  summary: z.string(),
  createdAt: z.number(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number().int().min(0),
  version: z.number().int().min(0),
  dueAt: z.number().optional(),
  outcome: z.string().optional(),
  lastError: z.string().optional(),
});
