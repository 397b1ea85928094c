import { describe, expect, it } from 'vitest';
import { createBoltApp } from '../../../src/lib/adapters/slack/bolt.js';
import { createMemoryLogger } from '../../../src/lib/log.js';
import { startSilentServer } from '../../support/servers.js';
import { commandBody } from '../../support/slack-requests.js';

describe("the worker's Bolt app", () => {
  it('gives up on a response_url that never answers once its deadline passes, and the failure reaches the job', async () => {
    const silent = await startSilentServer();
    try {
      const app = createBoltApp({
        botToken: 'xoxb-test',
        slackApiUrl: `${silent.origin}/api/`,
        log: createMemoryLogger(),
        timeoutMs: 200,
      });
      app.command('/polytomic', async ({ respond }) => {
        await respond({ text: 'hello' });
      });
      const body = Object.fromEntries(
        new URLSearchParams(commandBody({ text: 'help', responseUrl: `${silent.origin}/commands/T0/1/abc` })),
      );
      await expect(app.processEvent({ body, ack: async () => undefined })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      await silent.close();
    }
  });
});
