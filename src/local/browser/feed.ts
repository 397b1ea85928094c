import { LOCAL_SLACK } from '../defaults.js';
import type { RecordedMessage, Surface } from '../slack-simulator.js';
import { blocksHtml, textHtml } from './blocks-html.js';
import { escapeHtml } from './mrkdwn-html.js';

/** Where the page draws an entry: in the channel, in a message's thread, under a message as its link preview, or on Home. */
export type Place = 'channel' | 'thread' | 'attachment' | 'home';

/** One thing the local Slack shows, with what a button press on it needs to be sent as Slack would. */
export interface FeedEntry {
  id: string;
  version: number;
  place: Place;
  channel: string;
  /** The message's ts (ephemeral messages get one of the page's own, as Slack gives them one). */
  ts: string;
  /** For a reply, its parent's ts; for a link preview, the id of the message it is attached to. */
  parent?: string;
  ephemeral: boolean;
  author: 'app' | 'you';
  /** Short words shown beside the author: "Only visible to you", "Also sent to the channel". */
  notes: string[];
  text: string;
  blocks: unknown[];
  /** The links in a person's message, which Slack offers the app to preview. */
  links?: string[];
  at: number;
}

/** What the page receives of an entry: its place and words, and its body already turned into safe HTML. */
export type EntryView = Pick<
  FeedEntry,
  'id' | 'version' | 'place' | 'ts' | 'parent' | 'ephemeral' | 'author' | 'notes' | 'at'
> & {
  html: string;
};

export type FeedEvent = { type: 'entry'; entry: EntryView } | { type: 'remove'; id: string };

const ONLY_YOU = 'Only visible to you';
const ALSO_SENT = 'Also sent to the channel';
// A link as Slack finds one in typed text: up to a space or a character that cannot be in it unescaped.
const LINK = /https?:\/\/[^\s<>|&]+/g;

/**
 * What a person sees in the local Slack, built from what the Slack simulator records: channel messages and
 * their threads, updates in place, ephemeral answers (a command's acknowledgement replaced by its answer),
 * link previews and the Home tab. The page follows it through `subscribe`.
 */
export function createFeed(options: {
  channelId: string;
  /** Names Slack shows for user ids it mentions (default: the local person, `<@U0LOCAL>` read as @local.user). */
  people?: Readonly<Record<string, string>>;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const people = options.people ?? { [LOCAL_SLACK.userId]: LOCAL_SLACK.userName };
  const viewOf = (entry: FeedEntry) => withNames(viewWithIds(entry), people);
  const entries = new Map<string, FeedEntry>();
  /** A response_url's id → the entry it answers (a command's acknowledgement, the message a button was on). */
  const answers = new Map<string, string>();
  const listeners = new Set<(event: FeedEvent) => void>();
  let counter = 0;
  // The page's own message ts, far from the simulator's counter so the two never meet.
  const nextTs = () => `${Math.floor(now() / 1000)}.${String(500_000 + ++counter).padStart(6, '0')}`;

  const emit = (event: FeedEvent) => {
    for (const listener of listeners) listener(event);
  };
  const put = (entry: FeedEntry) => {
    entries.set(entry.id, entry);
    emit({ type: 'entry', entry: viewOf(entry) });
    return entry;
  };
  const add = (fields: Partial<FeedEntry> & Pick<FeedEntry, 'place' | 'author' | 'text' | 'blocks'>) => {
    const id = fields.id ?? `e${++counter}`;
    return put({
      channel: options.channelId,
      ts: nextTs(),
      ephemeral: false,
      notes: [],
      at: now(),
      ...fields,
      id,
      version: 1,
    });
  };
  const change = (entry: FeedEntry, fields: Partial<FeedEntry>) =>
    put({ ...entry, ...fields, version: entry.version + 1 });
  const remove = (id: string) => {
    if (entries.delete(id)) emit({ type: 'remove', id });
  };
  const find = (test: (entry: FeedEntry) => boolean) => [...entries.values()].reverse().find(test);
  const channelNote = (channel: string | undefined) =>
    !channel || channel === options.channelId ? [] : [/^[DUW]/.test(channel) ? 'Direct message' : `In ${channel}`];

  function fromResponseUrl(message: RecordedMessage, body: { text: string; blocks: unknown[] }) {
    const targetId = message.responseUrlId ? answers.get(message.responseUrlId) : undefined;
    const target = targetId ? entries.get(targetId) : undefined;
    const inChannel = message.responseType === 'in_channel';
    if (target && message.replaceOriginal && !(inChannel && target.ephemeral)) return change(target, body);
    // Slack never turns an ephemeral message into a channel one: the answer is posted, the ephemeral one goes.
    if (target && message.replaceOriginal) remove(target.id);
    const entry = add({
      place: 'channel',
      author: 'app',
      ephemeral: !inChannel,
      notes: inChannel ? [] : [ONLY_YOU],
      ...body,
    });
    if (message.responseUrlId && (!target || message.replaceOriginal)) answers.set(message.responseUrlId, entry.id);
    return entry;
  }

  return {
    /** Takes what the Slack simulator recorded. */
    record(message: RecordedMessage): void {
      const body = { text: message.text ?? '', blocks: message.blocks ?? [] };
      if (message.via === 'response_url') {
        fromResponseUrl(message, body);
        return;
      }
      if (message.via === 'chat.update') {
        // A reply also sent to the channel shows in both places, and changes in both.
        for (const shown of [...entries.values()])
          if (shown.ts === message.ts && shown.channel === message.channel && !shown.ephemeral) change(shown, body);
        return;
      }
      if (message.via === 'chat.postEphemeral') {
        add({ place: 'channel', author: 'app', ephemeral: true, notes: [ONLY_YOU], channel: message.channel, ...body });
        return;
      }
      const posted = {
        author: 'app' as const,
        channel: message.channel ?? options.channelId,
        ...(message.ts ? { ts: message.ts } : {}),
        ...(message.threadTs ? { parent: message.threadTs } : {}),
        ...body,
      };
      const notes = channelNote(message.channel);
      add({
        place: message.threadTs ? 'thread' : 'channel',
        notes: [...notes, ...(message.broadcast ? [ALSO_SENT] : [])],
        ...posted,
      });
      if (message.broadcast) add({ place: 'channel', notes: [...notes, 'Replied to a thread'], ...posted });
    },
    /** Takes a Home tab published or a link preview attached. */
    surface(surface: Surface): void {
      if (surface.kind === 'home') {
        const home = entries.get('home');
        if (home) change(home, { blocks: surface.blocks });
        else add({ id: 'home', place: 'home', author: 'app', text: '', blocks: surface.blocks });
        return;
      }
      const message = find((e) => e.author === 'you' && (e.links ?? []).includes(surface.url));
      const id = `preview-${message?.id ?? 'none'}-${surface.url}`;
      const existing = entries.get(id);
      if (existing) change(existing, { blocks: surface.blocks });
      else
        add({
          id,
          place: message ? 'attachment' : 'channel',
          ...(message ? { parent: message.id } : {}),
          author: 'app',
          notes: message ? [] : [`Preview of ${surface.url}`],
          text: '',
          blocks: surface.blocks,
        });
    },
    /** A command's immediate answer, shown only to the person; `responseId` names its response_url. */
    acknowledged(responseId: string, message: { text?: string; blocks?: unknown[] }): void {
      const entry = add({
        place: 'channel',
        author: 'app',
        ephemeral: true,
        notes: [ONLY_YOU],
        text: message.text ?? '',
        blocks: message.blocks ?? [],
      });
      answers.set(responseId, entry.id);
    },
    /** A message from Slack itself to the person (a request the app refused, nothing answering). */
    slackbot(text: string): void {
      add({ place: 'channel', author: 'app', ephemeral: true, notes: ['Slackbot', ONLY_YOU], text, blocks: [] });
    },
    /** A message the person typed in the channel; Slack escapes it and makes its links links, as here. */
    posted(typed: string): FeedEntry {
      const links = [...typed.matchAll(LINK)].map((m) => m[0]);
      const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return add({ place: 'channel', author: 'you', text: escaped.replace(LINK, '<$&>'), blocks: [], links });
    },
    /** Routes the answers to a response_url to the entry a button was pressed on. */
    answerTo(responseId: string, entryId: string): void {
      answers.set(responseId, entryId);
    },
    entry: (id: string): FeedEntry | undefined => entries.get(id),
    /** Every entry, oldest first, as the page draws them. */
    views: (): EntryView[] => [...entries.values()].sort((a, b) => a.at - b.at).map(viewOf),
    subscribe(listener: (event: FeedEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Feed = ReturnType<typeof createFeed>;

function viewWithIds(entry: FeedEntry): EntryView {
  const { id, version, place, ts, parent, ephemeral, author, notes, at } = entry;
  const html = entry.blocks.length ? blocksHtml(entry.blocks) : textHtml(entry.text);
  return { id, version, place, ts, ...(parent ? { parent } : {}), ephemeral, author, notes, at, html };
}

/** Mentions drawn by id, shown by name: only the renderer writes these spans, so the replacement is exact. */
function withNames(view: EntryView, people: Readonly<Record<string, string>>): EntryView {
  let html = view.html;
  for (const [id, name] of Object.entries(people))
    html = html.replaceAll(`<span class="mention">@${id}</span>`, `<span class="mention">@${escapeHtml(name)}</span>`);
  return { ...view, html };
}
