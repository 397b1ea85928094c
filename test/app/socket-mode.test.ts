import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsJsonApi, localDynamoAccess } from '../../src/lib/adapters/aws/aws-json-api.js';
import type { SocketModeConnection } from '../../src/lib/adapters/slack/socket-mode.js';
import { jobIdFor } from '../../src/lib/app/accept-slack-request.js';
import type { SocketModeComposition } from '../../src/lib/compose/socket-mode.js';
import { composeSocketMode } from '../../src/lib/compose/socket-mode.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { startTsProcess } from '../fault/processes.js';
import type { FakeSocketMode } from '../support/fake-socket-mode.js';
import { envelopeId, startFakeSocketMode } from '../support/fake-socket-mode.js';
import type { Harness } from '../support/harness.js';
import { BOT_TOKEN, POLYTOMIC_KEY, startHarness } from '../support/harness.js';
import { buttonBody, commandBody, eventBody, SIGNING_SECRET } from '../support/slack-requests.js';
import { visibleLines } from '../support/visible.js';

const APP_TOKEN = 'xapp-1-A0APP-test-app-level-token-do-not-log';
const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;

let h: Harness;
let fake: FakeSocketMode;
let connection: SocketModeConnection;
/** What a test started, closed after it, last started first. */
const started: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of started.splice(0).reverse()) await close();
});

/** A connection to the fake server for the harness's bot. */
const composition = (overrides: Partial<SocketModeComposition> = {}): SocketModeComposition => ({
  appToken: APP_TOKEN,
  slackApiUrl: fake.slackApiUrl,
  responseUrlOrigins: [h.slackOrigin],
  dynamodb: h.dynamodb,
  tableName: h.tableName,
  clock: h.clock,
  log: h.log,
  // Also the pong deadline: shorter than this, a busy test machine misses pongs and the client reconnects.
  reconnectDelayMs: 1_000,
  ...overrides,
});

/** The whole bot with Slack's requests arriving over Socket Mode from the fake server. */
async function start(overrides: Partial<SocketModeComposition> = {}) {
  h = await startHarness();
  started.push(() => h.close());
  fake = await startFakeSocketMode({ appToken: APP_TOKEN });
  started.push(() => fake.close());
  connection = composeSocketMode(composition({ afterEnqueue: h.afterEnqueue, ...overrides }));
  started.push(() => connection.stop());
  await connection.start();
}

/** A slash command's fields as a Socket Mode envelope carries them: JSON, not form-encoded. */
function commandPayload(text: string, responseUrlId: string, triggerId = randomUUID()) {
  const body = commandBody({ text, triggerId, responseUrl: h.slack.responseUrl(h.slackOrigin, responseUrlId) });
  return Object.fromEntries(new URLSearchParams(body));
}

function buttonPayload(actionId: string, value: string, responseUrlId: string) {
  const body = buttonBody({ actionId, value, responseUrl: h.slack.responseUrl(h.slackOrigin, responseUrlId) });
  return JSON.parse(new URLSearchParams(body).get('payload') ?? '') as Record<string, unknown>;
}

/** Sends an envelope and waits for its ack, timing it. */
async function deliver(type: string, payload: unknown, extra: Record<string, unknown> = {}) {
  const id = envelopeId();
  const sent = Date.now();
  fake.send({ envelope_id: id, type, payload, accepts_response_payload: type === 'slash_commands', ...extra });
  const ack = await fake.waitForAck(id);
  return { ...ack, ms: Date.now() - sent };
}

/** Lets the socket deliver and the bot answer (or not): for envelopes that must stay unacknowledged. */
const pause = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
const publishes = () => h.slack.calls.filter((c) => c.method === 'views.publish');

describe('Socket Mode (SLACK_APP_TOKEN): the same acknowledgement and jobs over a WebSocket', () => {
  it('acks a slash command with the answer the Request URL gives, having recorded its job, and runs it once', async () => {
    await start();
    const overHttp = await h.command('status Orders to Snowflake');
    const responseUrlId = randomUUID();
    const triggerId = randomUUID();
    const payload = commandPayload('status Orders to Snowflake', responseUrlId, triggerId);

    const ack = await deliver('slash_commands', payload);
    expect(ack.ms).toBeLessThan(3_000);
    expect(visibleLines(ack.payload)).toEqual([':hourglass_flowing_sand: Looking up *Orders to Snowflake*…']);
    expect(ack.payload).toEqual(overHttp.body);
    // The job is written before the ack is sent, as over HTTP.
    expect(await h.jobs.get(jobIdFor(triggerId))).toMatchObject({ kind: 'slack_command', channelId: 'C0DATA' });

    // Slack delivering the same command again (a new envelope): acked alike, nothing run twice.
    expect((await deliver('slash_commands', payload)).payload).toEqual(overHttp.body);
    await h.settle();
    const replies = h.replies(responseUrlId);
    expect(replies).toHaveLength(1);
    expect(visibleLines(replies[0])[0]).toBe('Orders to Snowflake');
  });

  it('answers help in the ack itself, recording no job', async () => {
    await start();
    const overHttp = await h.command('help');
    const triggerId = randomUUID();
    const ack = await deliver('slash_commands', commandPayload('help', randomUUID(), triggerId));
    expect(ack.payload).toEqual(overHttp.body);
    expect(visibleLines(ack.payload).length).toBeGreaterThan(3);
    expect(await h.jobs.get(jobIdFor(triggerId))).toBeUndefined();
  });

  it('acks a button press with an empty payload and runs it once, even when Slack delivers it again', async () => {
    await start();
    const responseUrlId = randomUUID();
    const payload = buttonPayload('sync_update', `model:${ORDERS}`, responseUrlId);
    const first = await deliver('interactive', payload);
    const again = await deliver('interactive', payload);
    expect([first.payload, again.payload]).toEqual([{}, {}]);
    await h.settle();
    const replies = h.replies(responseUrlId);
    expect(replies).toHaveLength(1);
    expect(visibleLines(replies[0])[0]).toBe('Orders to Snowflake');
    expect(await h.jobs.get(jobIdFor(payload.trigger_id as string))).toMatchObject({ status: 'done' });
  });

  it('records an event once by its event_id: a redelivery with retry_attempt is acked and not run again', async () => {
    await start();
    const event = JSON.parse(
      eventBody(
        { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' },
        { eventId: 'Ev0SOCKET1' },
      ),
    );
    const first = await deliver('events_api', event, { retry_attempt: 0, retry_reason: '' });
    const retried = await deliver('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    expect([first.payload, retried.payload]).toEqual([{}, {}]);
    await h.settle();
    expect(publishes()).toHaveLength(1);
    expect(visibleLines({ blocks: h.slack.homeOf('U0ALICE')?.blocks })[0]).toBe('Polytomic');
    expect(await h.jobs.get(jobIdFor('event:Ev0SOCKET1'))).toMatchObject({ status: 'done' });
    expect(
      h.log.lines.filter((l) => l.message === 'job recorded').map((l) => [l.result, l.retryNum, l.transport]),
    ).toEqual([
      ['created', '0', 'socket_mode'],
      ['duplicate', '1', 'socket_mode'],
    ]);
  });

  it('reconnects when Slack asks (refresh_requested) and when the connection drops, and serves the new one', async () => {
    await start();
    expect([fake.opened, fake.connections]).toEqual([1, 1]);

    fake.requestRefresh();
    await fake.waitForConnections(2);
    const afterRefresh = await deliver('slash_commands', commandPayload('help', randomUUID()));
    expect(afterRefresh.connection).toBe(1);

    fake.drop();
    await fake.waitForConnections(3);
    const responseUrlId = randomUUID();
    const afterDrop = await deliver('slash_commands', commandPayload('status Orders to Snowflake', responseUrlId));
    expect(afterDrop.connection).toBe(2);
    expect(visibleLines(afterDrop.payload)).toEqual([':hourglass_flowing_sand: Looking up *Orders to Snowflake*…']);
    // A fresh URL for every connection: apps.connections.open is asked each time.
    expect(fake.opened).toBe(3);
    await h.settle();
    expect(h.replies(responseUrlId)).toHaveLength(1);
  });

  it('says in one ERROR line that Socket Mode stopped when Slack refuses the token on reconnecting, and keeps running', async () => {
    await start();
    fake.revokeToken();
    fake.requestRefresh();
    const stopped = () => h.log.lines.find((l) => l.message.startsWith('socket mode stopped'));
    for (let i = 0; i < 50 && !stopped(); i++) await pause(100);
    expect(stopped()).toMatchObject({
      level: 'ERROR',
      message: 'socket mode stopped: Slack refused to reconnect; fix SLACK_APP_TOKEN and restart',
      reason: 'invalid_auth',
    });
    expect(fake.connections).toBe(1);
  });

  it('leaves unacknowledged what HTTP refuses: a response_url on another origin records nothing', async () => {
    await start();
    const triggerId = randomUUID();
    const payload = { ...commandPayload('status', randomUUID(), triggerId), response_url: 'https://evil.example/x' };
    const id = envelopeId();
    fake.send({ envelope_id: id, type: 'slash_commands', payload, accepts_response_payload: true });
    await pause();
    expect(fake.acks.filter((ack) => ack.envelope_id === id)).toEqual([]);
    expect(await h.jobs.get(jobIdFor(triggerId))).toBeUndefined();
    expect(h.log.lines.find((l) => l.message === 'socket mode envelope not acknowledged')).toMatchObject({
      type: 'slash_commands',
      error: 'response_url_not_allowed',
    });
  });

  it('refuses an envelope over the 64 KB the Request URL reads: no ack, no job', async () => {
    await start();
    const pressed = buttonPayload('sync_update', `model:${ORDERS}`, randomUUID());
    const payload = { ...pressed, padding: 'x'.repeat(70_000) };
    const id = envelopeId();
    fake.send({ envelope_id: id, type: 'interactive', payload });
    await pause();
    expect(fake.acks.filter((ack) => ack.envelope_id === id)).toEqual([]);
    expect(await h.jobs.get(jobIdFor(pressed.trigger_id as string))).toBeUndefined();
    expect(h.log.lines.find((l) => l.message.startsWith('socket mode envelope refused'))).toMatchObject({
      level: 'WARN',
      type: 'interactive',
      limitBytes: 65_536,
    });
  });

  it("says so in the command's ack when the job cannot be recorded, and leaves a button unacknowledged", async () => {
    const unreachable = createAwsJsonApi('dynamodb', localDynamoAccess('http://127.0.0.1:9'));
    await start({ dynamodb: unreachable });
    const ack = await deliver('slash_commands', commandPayload('status Orders to Snowflake', randomUUID()));
    expect(ack.ms).toBeLessThan(3_000);
    expect(visibleLines(ack.payload).join(' ')).toMatch(/^:warning: I couldn't record your request/);

    const id = envelopeId();
    fake.send({ envelope_id: id, type: 'interactive', payload: buttonPayload('sync_update', `model:${ORDERS}`, 'x') });
    await pause(2_500);
    expect(fake.acks.filter((a) => a.envelope_id === id)).toEqual([]);
  });

  it('never logs the app-level token, and a refused token stops start-up with Slack’s reason', async () => {
    await start();
    await deliver('slash_commands', commandPayload('status Orders to Snowflake', randomUUID()));
    await h.settle();
    fake.requestRefresh();
    await fake.waitForConnections(2);

    const refused = composeSocketMode(composition({ appToken: 'xapp-1-A0APP-a-revoked-token-do-not-log' }));
    const failure = await refused.start().then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/invalid_auth/);
    expect(failure).not.toContain('xapp-');
    const logged = JSON.stringify(h.log.lines);
    for (const secret of [APP_TOKEN, 'a-revoked-token', BOT_TOKEN, POLYTOMIC_KEY, SIGNING_SECRET])
      expect(logged).not.toContain(secret);
  });
});

describe('npm start with SLACK_APP_TOKEN', () => {
  it('connects over Socket Mode and acks a command there, printing no token', async () => {
    fake = await startFakeSocketMode({ appToken: APP_TOKEN });
    started.push(() => fake.close());
    const bot = startTsProcess('src/local/main.ts', {
      PORT: String(await freePort()),
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.slackApiUrl,
    });
    started.push(() => bot.kill());
    await fake.waitForConnections(1, 60_000);
    const id = envelopeId();
    fake.send({
      envelope_id: id,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/polytomic',
        text: 'help',
        team_id: 'T0TEST',
        channel_id: 'C0DATA',
        user_id: 'U0ALICE',
        response_url: 'https://hooks.slack.com/commands/T0TEST/1/abc',
        trigger_id: '1.2.3',
      },
    });
    const ack = await fake.waitForAck(id);
    expect(visibleLines(ack.payload)[0]).toBe(
      'Polytomic from Slack: check your syncs and refresh connections without leaving the channel.',
    );
    // The banner comes once the HTTP server listens too, just after the connection.
    for (let i = 0; i < 100 && !bot.tail().some((line) => line.includes('SOCKET MODE')); i++) await pause(100);
    expect(bot.tail()).toContain(
      '  Slack: SOCKET MODE (SLACK_APP_TOKEN set): type /polytomic in your workspace; no Request URL needed',
    );
    // It points at the workspace, not at `npm run command`, whose local signature a real app would refuse.
    expect(bot.tail()).toContain('In your workspace, type /polytomic help, then /polytomic status.');
    expect(bot.tail().join('\n')).not.toContain('npm run command');
    expect(bot.tail().join('\n')).not.toContain(APP_TOKEN);
  }, 90_000);
});

/** A port nothing listens on, for a process that needs its own. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
