import { describe, expect, it } from 'vitest';
import { createPolytomicSimulator, SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import type { SimulatorsState } from '../../src/local/simulators-control.js';
import { createSimulatorsApp } from '../../src/local/simulators-control.js';
import { createSlackSimulator } from '../../src/local/slack-simulator.js';

const POLYTOMIC_AUTH = { authorization: 'Bearer sim-key' };
const CONNECTION = SIMULATOR_IDS.connections.productionPostgres;

function setup() {
  const killed: { pid: number; messagesRecorded: number }[] = [];
  const slack = createSlackSimulator({ botToken: 'xoxb-t' });
  const polytomic = createPolytomicSimulator({ events: 'manual' });
  const app = createSimulatorsApp({
    polytomic,
    slack,
    kill: (pid) => killed.push({ pid, messagesRecorded: slack.messages.length }),
  });
  const post = (path: string, body: Record<string, string>, token = 'xoxb-t') =>
    app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
  const control = (path: string, body: unknown) =>
    app.request(`/_control${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const state = async () => (await (await app.request('/_control/state')).json()) as SimulatorsState;
  return { app, killed, post, control, state };
}

describe('the simulators control API', () => {
  it('kills the process after the nth matching post Slack accepted and recorded, never on a refused one', async () => {
    const { killed, post, control, state } = setup();
    await control('/kill', {
      pid: 4242,
      method: 'POST',
      path: '/_sim/slack/api/chat.postMessage',
      threaded: true,
      nth: 2,
    });

    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'parent' });
    const parentTs = (await state()).messages[0]!.ts!;
    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'first reply', thread_ts: parentTs });
    await post(
      '/_sim/slack/api/chat.postMessage',
      { channel: 'C1', text: 'refused reply', thread_ts: parentTs },
      'xoxb-wrong',
    );
    expect(killed).toEqual([]);

    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'second reply', thread_ts: parentTs });
    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'third reply', thread_ts: parentTs });
    expect(killed).toEqual([{ pid: 4242, messagesRecorded: 3 }]);
    expect((await state()).kill.firedAt).toEqual(expect.any(Number));
  });

  it('matches a kill on the text of the post', async () => {
    const { killed, post, control } = setup();
    await control('/kill', {
      pid: 7,
      method: 'POST',
      path: '/_sim/slack/api/chat.postMessage',
      textIncludes: 'digest',
    });
    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'an alert' });
    expect(killed).toEqual([]);
    await post('/_sim/slack/api/chat.postMessage', { channel: 'C1', text: 'the daily digest' });
    expect(killed.map((k) => k.pid)).toEqual([7]);
  });

  it('counts the changes Polytomic made, not the requests: a replayed start and a refresh asked twice are one each', async () => {
    const { app, control, state } = setup();
    const { ids } = (await (await control('/polytomic/add-syncs', { count: 1, namePrefix: 'Fault sync' })).json()) as {
      ids: string[];
    };
    const start = () =>
      app.request(`/_sim/polytomic/api/syncs/${ids[0]}/executions`, {
        method: 'POST',
        headers: { ...POLYTOMIC_AUTH, 'idempotency-key': 'start-key-0001' },
      });
    const refresh = () =>
      app.request(`/_sim/polytomic/api/connections/${CONNECTION}/schemas/refresh`, {
        method: 'POST',
        headers: POLYTOMIC_AUTH,
      });
    expect([
      (await start()).status,
      (await start()).status,
      (await refresh()).status,
      (await refresh()).status,
    ]).toEqual([200, 200, 202, 202]);

    const { runs, refreshes, requests } = await state();
    expect(runs.map((r) => r.syncId)).toEqual([ids[0]]);
    expect(refreshes.map((r) => r.connectionId)).toEqual([CONNECTION]);
    expect(requests.filter((r) => r.path.startsWith('/_sim/polytomic/')).map((r) => r.status)).toEqual([
      200, 200, 202, 202,
    ]);
  });
});
