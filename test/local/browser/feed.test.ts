import { describe, expect, it } from 'vitest';
import type { EntryView, FeedEvent } from '../../../src/local/browser/feed.js';
import { createFeed } from '../../../src/local/browser/feed.js';
import type { RecordedMessage } from '../../../src/local/slack-simulator.js';

const words = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const message = (fields: Omit<RecordedMessage, 'at'>): RecordedMessage => ({ at: 1_700_000_000_000, ...fields });

/** A feed with what the page was sent, as it would hold it: the latest of each entry. */
function watched() {
  const feed = createFeed({ channelId: 'C0LOCAL', now: () => 1_700_000_000_000 });
  const shown = new Map<string, EntryView>();
  feed.subscribe((event: FeedEvent) => {
    if (event.type === 'entry') shown.set(event.entry.id, event.entry);
    else shown.delete(event.id);
  });
  const seen = () =>
    [...shown.values()].map((e) => ({ place: e.place, notes: e.notes, html: e.html, parent: e.parent }));
  return { feed, shown, seen };
}

describe('the local Slack feed', () => {
  it("replaces a command's acknowledgement with its answer, only for the person", () => {
    const { feed, seen } = watched();
    feed.acknowledged('trigger-1', { text: ':hourglass_flowing_sand: Working on it' });
    feed.record(
      message({
        via: 'response_url',
        responseUrlId: 'trigger-1',
        replaceOriginal: true,
        responseType: 'ephemeral',
        ...words('*Orders*'),
      }),
    );
    expect(seen()).toEqual([
      {
        place: 'channel',
        notes: ['Only visible to you'],
        html: '<div class="section"><div class="body"><div class="text"><b>Orders</b></div></div></div>',
        parent: undefined,
      },
    ]);
  });

  it('posts an in-channel answer in the channel and takes the ephemeral acknowledgement away', () => {
    const { feed, seen } = watched();
    feed.acknowledged('trigger-1', { text: 'Working on it' });
    feed.record(
      message({
        via: 'response_url',
        responseUrlId: 'trigger-1',
        replaceOriginal: true,
        responseType: 'in_channel',
        text: 'Digest set up',
      }),
    );
    expect(seen()).toEqual([
      { place: 'channel', notes: [], html: '<div class="section">Digest set up</div>', parent: undefined },
    ]);
  });

  it('adds an answer that does not replace as a message of its own, and routes a press back to its card', () => {
    const { feed, seen } = watched();
    feed.record(message({ via: 'chat.postMessage', channel: 'C0LOCAL', ts: '1.000001', text: 'card' }));
    const card = feed.views()[0]!;
    feed.answerTo('press-1', card.id);
    feed.record(
      message({
        via: 'response_url',
        responseUrlId: 'press-1',
        replaceOriginal: false,
        responseType: 'ephemeral',
        text: 'log',
      }),
    );
    feed.record(
      message({
        via: 'response_url',
        responseUrlId: 'press-1',
        replaceOriginal: true,
        responseType: 'ephemeral',
        text: 'card again',
      }),
    );
    expect(seen().map((e) => [e.html, e.notes])).toEqual([
      ['<div class="section">card again</div>', []],
      ['<div class="section">log</div>', ['Only visible to you']],
    ]);
  });

  it('threads replies under their parent, one sent to the channel in both, and updates a message in place', () => {
    const { feed, shown, seen } = watched();
    feed.record(message({ via: 'chat.postMessage', channel: 'C0LOCAL', ts: '1.000001', text: 'refreshing' }));
    feed.record(
      message({
        via: 'chat.postMessage',
        channel: 'C0LOCAL',
        ts: '1.000002',
        threadTs: '1.000001',
        broadcast: true,
        text: 'fresh',
      }),
    );
    feed.record(message({ via: 'chat.update', channel: 'C0LOCAL', ts: '1.000001', text: 'refreshed' }));
    feed.record(message({ via: 'chat.update', channel: 'C0LOCAL', ts: '1.000002', text: 'fresh, 20s' }));
    expect(seen()).toEqual([
      { place: 'channel', notes: [], html: '<div class="section">refreshed</div>', parent: undefined },
      {
        place: 'thread',
        notes: ['Also sent to the channel'],
        html: '<div class="section">fresh, 20s</div>',
        parent: '1.000001',
      },
      {
        place: 'channel',
        notes: ['Replied to a thread'],
        html: '<div class="section">fresh, 20s</div>',
        parent: '1.000001',
      },
    ]);
    expect([...shown.values()].map((e) => e.version)).toEqual([2, 2, 2]);
  });

  it('shows the people it knows by name where the bot mentions them by id', () => {
    const feed = createFeed({ channelId: 'C0LOCAL', people: { U0LOCAL: 'local.user' } });
    feed.record(
      message({ via: 'chat.postMessage', channel: 'C0LOCAL', ts: '1.000001', text: '<@U0LOCAL> and <@U0BOB>' }),
    );
    expect(feed.views()[0]!.html).toBe(
      '<div class="section"><span class="mention">@local.user</span> and <span class="mention">@U0BOB</span></div>',
    );
  });

  it('says where a direct message went, and shows chat.postEphemeral only to the person', () => {
    const { feed, seen } = watched();
    feed.record(message({ via: 'chat.postMessage', channel: 'U0LOCAL', ts: '1.000001', text: 'your digest paused' }));
    feed.record(message({ via: 'chat.postEphemeral', channel: 'C0LOCAL', text: 'not allowed' }));
    expect(seen().map((e) => e.notes)).toEqual([['Direct message'], ['Only visible to you']]);
  });

  it("attaches a link's preview to the message that posted it, and keeps one Home tab", () => {
    const { feed, seen } = watched();
    const posted = feed.posted('see <b> & https://app.test/syncs/1');
    expect(posted.links).toEqual(['https://app.test/syncs/1']);
    feed.surface({ kind: 'preview', url: 'https://app.test/syncs/1', blocks: [{ type: 'divider' }] });
    feed.surface({ kind: 'home', userId: 'U0LOCAL', blocks: [{ type: 'divider' }] });
    feed.surface({
      kind: 'home',
      userId: 'U0LOCAL',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Home' } }],
    });
    expect(seen().map((e) => [e.place, e.parent, e.html])).toEqual([
      [
        'channel',
        undefined,
        '<div class="section">see &#60;b&#62; &#38; <a href="https://app.test/syncs/1" target="_blank" rel="noopener noreferrer">https://app.test/syncs/1</a></div>',
      ],
      ['attachment', posted.id, '<hr>'],
      ['home', undefined, '<h3 class="header">Home</h3>'],
    ]);
  });
});
