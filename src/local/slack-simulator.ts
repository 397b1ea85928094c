import { Hono } from 'hono';

/** A message as the simulated Slack recorded it: posted to a channel, updated, or sent to a response_url. */
export interface RecordedMessage {
  via: 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'response_url';
  channel?: string;
  ts?: string;
  threadTs?: string;
  responseUrlId?: string;
  text?: string;
  blocks?: unknown[];
  responseType?: string;
  replaceOriginal?: boolean;
  /** A reply also shown in the channel (`reply_broadcast`). */
  broadcast?: boolean;
  /** Message metadata as posted (`{event_type, event_payload}`). */
  metadata?: unknown;
  at: number;
}

export interface SlackFault {
  method: string;
  /** A Slack platform error (`not_in_channel`, …) answered as `ok: false`. */
  error?: string;
  /** An HTTP status (429 with `retryAfterSeconds`, or 5xx). */
  status?: number;
  retryAfterSeconds?: number;
  times?: number;
  /** How many calls of the method succeed before the fault strikes (default none: the next call fails). */
  after?: number;
  /** A slow Slack: the call is carried out and recorded, but answered only after this long. */
  slowMs?: number;
}

export interface SlackSimulatorOptions {
  botToken?: string;
  /** The workspace `auth.test` names (default T0LOCAL, the one `npm run command` signs for). */
  teamId?: string;
  now?: () => number;
  onMessage?: (message: RecordedMessage) => void;
  /** A Home tab published or a link preview attached: what is shown outside a channel's messages. */
  onSurface?: (surface: Surface) => void;
  /** The channels `users.conversations` lists for a person not given any with `setChannelsOf`. */
  channelsOfEveryone?: string[];
}

/** A Home tab as published for a person, or the preview attached to a link in someone's message. */
export type Surface =
  | { kind: 'home'; userId: string; blocks: unknown[] }
  | { kind: 'preview'; url: string; blocks: unknown[] };

/**
 * Slack's Web API and response_url endpoints as a Hono app with memory: the fake in tests and the
 * console "workspace" of a local run. It checks the bot token as Slack does.
 */
export function createSlackSimulator(options: SlackSimulatorOptions = {}) {
  const botToken = options.botToken ?? 'xoxb-local-simulator';
  const now = options.now ?? Date.now;
  const messages: RecordedMessage[] = [];
  const calls: { method: string; at: number; ok: boolean }[] = [];
  const faults: SlackFault[] = [];
  const deleted: RecordedMessage[] = [];
  const usergroups = new Map<string, string[]>();
  /** The channels each person is in, for users.conversations. */
  const memberships = new Map<string, string[]>();
  /** Link previews by unfurl id: each URL's blocks, as last attached (a new call replaces, as in Slack). */
  const unfurls = new Map<string, Record<string, unknown>>();
  /** Each person's Home tab, as last published. */
  const homes = new Map<string, { blocks: unknown[]; at: number }>();
  let tsCounter = 0;
  const app = new Hono();

  const record = (message: Omit<RecordedMessage, 'at'>) => {
    const full = { ...message, at: now() };
    messages.push(full);
    options.onMessage?.(full);
    return full;
  };

  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  app.post('/response/:id', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    const fault = takeFault('response_url');
    calls.push({ method: 'response_url', at: now(), ok: !fault });
    if (fault) return c.text('error', (fault.status ?? 500) as 500);
    record({
      via: 'response_url',
      responseUrlId: c.req.param('id'),
      text: body.text as string | undefined,
      blocks: body.blocks as unknown[] | undefined,
      responseType: body.response_type as string | undefined,
      replaceOriginal: body.replace_original as boolean | undefined,
    });
    return c.text('ok');
  });

  app.post('/api/:method', async (c) => {
    const method = c.req.param('method');
    const args = await readArgs(c.req.raw);
    const token = c.req.header('authorization')?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    if (token !== botToken) {
      calls.push({ method, at: now(), ok: false });
      return c.json({ ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    }
    const fault = takeFault(method);
    calls.push({ method, at: now(), ok: !fault });
    if (fault?.status) {
      if (fault.retryAfterSeconds !== undefined) c.header('retry-after', String(fault.retryAfterSeconds));
      return c.json({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }, fault.status as 429);
    }
    if (fault?.error) return c.json({ ok: false, error: fault.error });
    const result = answer(method, args);
    if (fault?.slowMs) await new Promise((resolve) => setTimeout(resolve, fault.slowMs));
    return c.json(result);
  });

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = args.channel as string | undefined;
    const blocks = parseBlocks(args.blocks);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          team_id: options.teamId ?? 'T0LOCAL',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
          team: 'Local workspace',
        };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = nextTs();
        const threadTs = args.thread_ts as string | undefined;
        // Slack posts a reply to a missing parent at top level, without thread_ts: callers detect it this way.
        const parentExists = !threadTs || messages.some((m) => m.ts === threadTs && m.channel === channel);
        const broadcast = parentExists && threadTs !== undefined && String(args.reply_broadcast) === 'true';
        record({
          via: 'chat.postMessage',
          channel,
          ts,
          threadTs: parentExists ? threadTs : undefined,
          text: args.text as string,
          blocks,
          broadcast,
          metadata: parseJson(args.metadata),
        });
        return {
          ok: true,
          channel,
          ts,
          message: { ts, text: args.text, ...(parentExists && threadTs ? { thread_ts: threadTs } : {}) },
        };
      }
      case 'chat.update': {
        const original = messages.find((m) => m.ts === args.ts && m.channel === channel);
        if (!original) return { ok: false, error: 'message_not_found' };
        record({ via: 'chat.update', channel, ts: args.ts as string, text: args.text as string, blocks });
        return { ok: true, channel, ts: args.ts };
      }
      case 'chat.delete': {
        const index = messages.findIndex(
          (m) => m.ts === args.ts && m.channel === channel && m.via === 'chat.postMessage',
        );
        if (index < 0) return { ok: false, error: 'message_not_found' };
        deleted.push(messages[index]!);
        messages.splice(index, 1);
        return { ok: true, channel, ts: args.ts };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel,
          permalink: `https://local.slack.test/archives/${channel}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'chat.postEphemeral':
        record({ via: 'chat.postEphemeral', channel, text: args.text as string, blocks });
        return { ok: true, message_ts: nextTs() };
      case 'conversations.history': {
        // Newest first: top-level messages and replies broadcast to the channel, as Slack lists them.
        const found = posted(channel).filter((m) => (!m.threadTs || m.broadcast) && inWindow(m, args));
        return page(found.reverse(), args);
      }
      case 'conversations.replies': {
        const parent = posted(channel).find((m) => m.ts === args.ts);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        // The parent first, then its replies oldest first.
        return page([parent, ...posted(channel).filter((m) => m.threadTs === args.ts && inWindow(m, args))], args);
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).replace(/^[UW]/, '')}` } };
      case 'chat.unfurl': {
        const unfurlId = args.unfurl_id as string | undefined;
        const map = parseJson(args.unfurls) as Record<string, { blocks?: unknown[] }> | undefined;
        if (!unfurlId || !args.source || !map) return { ok: false, error: 'invalid_arguments' };
        // Slack refuses an unfurl over 50 blocks.
        if (Object.values(map).some((u) => !Array.isArray(u.blocks) || u.blocks.length > 50))
          return { ok: false, error: 'invalid_unfurls' };
        unfurls.set(unfurlId, { ...unfurls.get(unfurlId), ...map });
        for (const [url, unfurl] of Object.entries(map))
          options.onSurface?.({ kind: 'preview', url, blocks: unfurl.blocks ?? [] });
        return { ok: true };
      }
      case 'views.publish': {
        const view = parseJson(args.view) as { type?: string; blocks?: unknown } | undefined;
        const userId = args.user_id as string | undefined;
        if (!userId) return { ok: false, error: 'invalid_arguments' };
        // Slack refuses a Home view over 100 blocks, or one that is not a home view.
        if (view?.type !== 'home' || !Array.isArray(view.blocks) || view.blocks.length > 100)
          return { ok: false, error: 'invalid_arguments' };
        homes.set(userId, { blocks: view.blocks, at: now() });
        options.onSurface?.({ kind: 'home', userId, blocks: view.blocks });
        return { ok: true, view: { id: `V${userId}`, type: 'home', blocks: view.blocks } };
      }
      case 'usergroups.users.list': {
        const members = usergroups.get(String(args.usergroup));
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.conversations': {
        const channels = memberships.get(String(args.user)) ?? options.channelsOfEveryone ?? [];
        const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
        const start = Number(args.cursor ?? 0) || 0;
        const more = start + limit < channels.length;
        return {
          ok: true,
          channels: channels.slice(start, start + limit).map((id) => ({ id, is_channel: true })),
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      case 'users.info':
        return { ok: true, user: { id: args.user, name: 'local.user', tz: 'Europe/Paris', tz_offset: 3600 } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** What a channel shows now: messages posted there, as last updated, minus those deleted. */
  function posted(channel: string | undefined) {
    const latest = new Map<string, RecordedMessage>();
    for (const m of messages) {
      if (dmChannel(m.channel) !== dmChannel(channel)) continue;
      if (m.via === 'chat.postMessage' && m.ts) latest.set(m.ts, m);
      else if (m.via === 'chat.update' && m.ts && latest.has(m.ts))
        latest.set(m.ts, { ...latest.get(m.ts)!, text: m.text, blocks: m.blocks });
    }
    return [...latest.values()];
  }

  function takeFault(method: string): SlackFault | undefined {
    const index = faults.findIndex((f) => f.method === method);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    if (fault.after) {
      fault.after--;
      return undefined;
    }
    if ((fault.times ?? 1) <= 1) faults.splice(index, 1);
    else fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  return {
    app,
    botToken,
    messages,
    /** Messages removed with chat.delete (and so no longer in `messages`). */
    deleted,
    calls,
    /** The previews attached to a shared message's links (by the event's unfurl id), or undefined. */
    unfurlsOf: (unfurlId: string) => unfurls.get(unfurlId) as Record<string, { blocks: unknown[] }> | undefined,
    /** A person's Home tab as last published, or undefined. */
    homeOf: (userId: string) => homes.get(userId),
    /** Defines a user group and its members, for usergroups.users.list. */
    setUsergroup(id: string, members: string[]) {
      usergroups.set(id, members);
    },
    /** The channels a person is in, in the order users.conversations lists them. */
    setChannelsOf(userId: string, channelIds: string[]) {
      memberships.set(userId, channelIds);
    },
    /** Removes a message as a person deleting it in Slack would. */
    deleteByUser(channel: string, ts: string) {
      for (let i = messages.length - 1; i >= 0; i--)
        if (messages[i]!.ts === ts && messages[i]!.channel === channel) messages.splice(i, 1);
    },
    /** Queue a failure for the next calls of a method (`chat.postMessage`, `response_url`, …). */
    failNext(fault: SlackFault) {
      faults.push({ ...fault });
    },
    /** A response_url that lands on this simulator; `origin` is where it is served. */
    responseUrl(origin: string, id: string) {
      return `${origin.replace(/\/+$/, '')}/response/${encodeURIComponent(id)}`;
    },
    fetch: ((input: string | URL | Request, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch,
  };
}

export type SlackSimulator = ReturnType<typeof createSlackSimulator>;

async function readArgs(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get('content-type') ?? '').includes('application/json'))
    return JSON.parse(text || '{}') as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** A direct message posted to a user id lands in that user's DM channel (`U123` → `D123`). */
const dmChannel = (channel: string | undefined) =>
  channel && /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;

/** Slack's `oldest` / `latest` bounds (seconds, as strings), exclusive unless `inclusive`. */
function inWindow(message: RecordedMessage, args: Record<string, unknown>): boolean {
  const ts = Number(message.ts);
  const inclusive = String(args.inclusive) === 'true';
  if (args.oldest !== undefined && (inclusive ? ts < Number(args.oldest) : ts <= Number(args.oldest))) return false;
  if (args.latest !== undefined && (inclusive ? ts > Number(args.latest) : ts >= Number(args.latest))) return false;
  return true;
}

/** One page of a conversations.* listing, `limit` at a time with a cursor; metadata only when asked for. */
function page(found: RecordedMessage[], args: Record<string, unknown>): Record<string, unknown> {
  const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
  const start = Number(args.cursor ?? 0) || 0;
  const withMetadata = String(args.include_all_metadata) === 'true';
  const shown = found.slice(start, start + limit).map((m) => ({
    type: 'message',
    ts: m.ts,
    text: m.text,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.broadcast ? { subtype: 'thread_broadcast' } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  }));
  const more = start + limit < found.length;
  return {
    ok: true,
    messages: shown,
    has_more: more,
    response_metadata: { next_cursor: more ? String(start + limit) : '' },
  };
}

function parseBlocks(blocks: unknown): unknown[] | undefined {
  if (Array.isArray(blocks)) return blocks;
  if (typeof blocks === 'string') return JSON.parse(blocks) as unknown[];
  return undefined;
}
