import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { serveOnLoopback } from './servers.js';

/** What the bot sent back on the socket for one envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Which connection (0 for the first) carried it. */
  connection: number;
}

/**
 * Slack's side of Socket Mode on loopback ports: `apps.connections.open` (a Hono app that checks the app-level
 * token) hands out a ws:// URL, and the WebSocket server says hello, delivers envelopes, records acks and can ask
 * the client to reconnect (`disconnect`, reason `refresh_requested`) or drop the connection outright.
 */
export async function startFakeSocketMode(options: { appToken: string }) {
  const acks: SocketAck[] = [];
  const sockets: WebSocket[] = [];
  let opened = 0;
  let revoked = false;
  const waiting: (() => void)[] = [];
  const changed = () => {
    for (const wake of waiting.splice(0)) wake();
  };

  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const wsPort = (wss.address() as AddressInfo).port;
  wss.on('connection', (socket) => {
    const connection = sockets.push(socket) - 1;
    socket.on('message', (data) => {
      acks.push({ ...(JSON.parse(String(data)) as Omit<SocketAck, 'connection'>), connection });
      changed();
    });
    // Slack's first message on every connection; the client counts as connected only after it.
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0APP' },
      }),
    );
    changed();
  });

  const app = new Hono();
  app.post('/api/apps.connections.open', (c) => {
    if (revoked || c.req.header('authorization') !== `Bearer ${options.appToken}`)
      return c.json({ ok: false, error: 'invalid_auth' });
    opened += 1;
    return c.json({ ok: true, url: `ws://127.0.0.1:${wsPort}/link/?ticket=fake-${opened}&app_id=A0APP` });
  });
  const api = await serveOnLoopback(app);

  const current = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no connection yet');
    return socket;
  };

  async function until<T>(found: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((wake) => {
        waiting.push(wake);
        setTimeout(wake, 50);
      });
    }
  }

  return {
    /** SLACK_API_URL for the client. */
    slackApiUrl: `${api.origin}/api/`,
    acks,
    /** How many times apps.connections.open handed out a URL. */
    get opened() {
      return opened;
    },
    get connections() {
      return sockets.length;
    },
    /** Delivers an envelope on the newest connection, as Slack does. */
    send(envelope: { envelope_id: string; type: string; payload: unknown; [key: string]: unknown }) {
      current().send(JSON.stringify(envelope));
    },
    /** Slack's routine recycling: the client is asked to reconnect. */
    requestRefresh() {
      current().send(
        JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-fake' } }),
      );
    },
    /** The app-level token stops working (revoked, app deleted): apps.connections.open answers invalid_auth. */
    revokeToken() {
      revoked = true;
    },
    /** The connection dies with no goodbye. */
    drop() {
      current().terminate();
    },
    waitForConnections: (count: number, timeoutMs?: number) =>
      until(() => (sockets.length >= count ? true : undefined), `${count} connections`, timeoutMs),
    waitForAck: (envelopeId: string) =>
      until(() => acks.find((ack) => ack.envelope_id === envelopeId), `the ack of ${envelopeId}`),
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await api.close();
    },
  };
}

export type FakeSocketMode = Awaited<ReturnType<typeof startFakeSocketMode>>;

let envelopes = 0;

/** A fresh envelope id, as Slack gives each delivery (a redelivery gets a new one). */
export const envelopeId = (): string => `env-${++envelopes}-${Date.now().toString(36)}`;
