import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SIMULATED_POLYTOMIC_PATH, SIMULATED_SLACK_PATH } from './defaults.js';
import type { EventScope } from './polytomic-simulator.js';
import { createPolytomicSimulator } from './polytomic-simulator.js';
import { createSimulatorsApp } from './simulators-control.js';
import { createSlackSimulator } from './slack-simulator.js';

/**
 * `npm run simulators`: the Polytomic and Slack simulators in a process of their own, so what they recorded
 * survives the bot being killed and restarted (the fault-injection suite, test/fault). Point `npm start` at
 * them with POLYTOMIC_URL=<origin>/_sim/polytomic, SLACK_API_URL=<origin>/_sim/slack/api/ and the two keys.
 */
function main(): void {
  const env = process.env;
  const polytomic = createPolytomicSimulator({
    apiKey: env.POLYTOMIC_API_KEY || 'local-simulator-key',
    refreshDurationMs: Number(env.POLYTOMIC_SIMULATOR_REFRESH_MS || 20_000),
    latencyMs: Number(env.POLYTOMIC_SIMULATOR_LATENCY_MS || 0),
    events: (env.POLYTOMIC_SIMULATOR_EVENTS || 'all') as EventScope,
  });
  const slack = createSlackSimulator({ botToken: env.SLACK_BOT_TOKEN || undefined });
  const app = createSimulatorsApp({ polytomic, slack });
  serve({ fetch: app.fetch, port: Number(env.PORT || 3001), hostname: '127.0.0.1' }, (info: AddressInfo) => {
    const origin = `http://127.0.0.1:${info.port}`;
    process.stdout.write(
      [
        `simulators listening at ${origin}`,
        `  Polytomic: ${origin}${SIMULATED_POLYTOMIC_PATH}   Slack Web API: ${origin}${SIMULATED_SLACK_PATH}/api/   bot token: ${slack.botToken}`,
        `  control: GET ${origin}/_control/state, POST ${origin}/_control/kill (see src/local/simulators-control.ts)`,
        '',
      ].join('\n'),
    );
  });
}

main();
