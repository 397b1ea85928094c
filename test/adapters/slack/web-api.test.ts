import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApi } from '../../../src/lib/adapters/slack/web-api.js';
import { createMemoryLogger } from '../../../src/lib/log.js';
import { createSlackSimulator } from '../../../src/local/slack-simulator.js';
import type { RunningServer } from '../../support/servers.js';
import { serveOnLoopback } from '../../support/servers.js';

let server: RunningServer | undefined;
afterEach(async () => server?.close());

async function slackWith(channels: string[]) {
  const slack = createSlackSimulator();
  slack.setChannelsOf('U0ALICE', channels);
  server = await serveOnLoopback(slack.app);
  const api = createSlackApi({
    botToken: slack.botToken,
    slackApiUrl: `${server.origin}/api/`,
    log: createMemoryLogger(),
  });
  return { api, slack };
}

describe("the Slack Web API adapter's channel listing", () => {
  it("follows users.conversations' cursor up to the bound, and says when there were more", async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `C0CH${i}`);
    const { api, slack } = await slackWith(ids);
    expect(await api.channelsOf('U0ALICE', 300)).toEqual({ channelIds: ids.slice(0, 300), more: true });
    expect(slack.calls.filter((c) => c.method === 'users.conversations')).toHaveLength(2);
    expect(await api.channelsOf('U0ALICE', 450)).toEqual({ channelIds: ids, more: false });
  });

  it('keeps only what looks like a Slack id, since ids go into <#…> tokens', async () => {
    const { api } = await slackWith(['C0DATA', 'C0DATA><!channel', 'c0lower', 'G0PRIVATE']);
    expect(await api.channelsOf('U0ALICE', 200)).toEqual({ channelIds: ['C0DATA', 'G0PRIVATE'], more: false });
  });
});
