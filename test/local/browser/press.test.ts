import { describe, expect, it } from 'vitest';
import { blockActionsSchema } from '../../../src/lib/schemas/slack.js';
import type { FeedEntry } from '../../../src/local/browser/feed.js';
import { pressPayload } from '../../../src/local/browser/press.js';

const card = [
  {
    type: 'actions',
    block_id: 'card',
    elements: [
      { type: 'button', action_id: 'sync_update', text: { type: 'plain_text', text: 'Update' }, value: 'model:1' },
      {
        type: 'static_select',
        action_id: 'alert_snooze',
        placeholder: { type: 'plain_text', text: 'Snooze' },
        options: [{ text: { type: 'plain_text', text: '1 hour' }, value: 'model:1:1h' }],
      },
    ],
  },
];
const entry = (fields: Partial<FeedEntry>): FeedEntry => ({
  id: 'e1',
  version: 1,
  place: 'channel',
  channel: 'C0LOCAL',
  ts: '1700000000.000001',
  ephemeral: false,
  author: 'app',
  notes: [],
  text: 'card',
  blocks: card,
  at: 0,
  ...fields,
});
const press = (fields: Partial<FeedEntry>, element: number | 'accessory' = 0, option?: string) =>
  pressPayload({
    entry: entry(fields),
    place: { block: 0, element },
    ...(option ? { option } : {}),
    responseUrl: 'http://localhost:3000/_sim/slack/response/t1',
    triggerId: 't1',
    host: entry({ id: 'host', author: 'you', ts: '1700000000.500001' }),
    nowMs: 1_700_000_001_000,
  });

describe('pressPayload', () => {
  it('sends a press on a channel message with the message, its thread, the value read from the message', () => {
    const payload = press({ parent: '1699999999.000001' });
    expect(blockActionsSchema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C0LOCAL', is_ephemeral: false },
      message: { ts: '1700000000.000001', thread_ts: '1699999999.000001', blocks: card },
      channel: { id: 'C0LOCAL' },
      response_url: 'http://localhost:3000/_sim/slack/response/t1',
      actions: [
        {
          type: 'button',
          action_id: 'sync_update',
          block_id: 'card',
          value: 'model:1',
          action_ts: '1700000001.000000',
        },
      ],
    });
  });

  it('sends no message for an ephemeral one, as Slack does', () => {
    const payload = press({ ephemeral: true });
    expect(payload).toMatchObject({ container: { is_ephemeral: true } });
    expect(payload).not.toHaveProperty('message');
  });

  it("sends a menu's pick only when the option is one of the menu's", () => {
    expect(press({}, 1, 'model:1:1h')).toMatchObject({
      actions: [{ type: 'static_select', action_id: 'alert_snooze', selected_option: { value: 'model:1:1h' } }],
    });
    expect(press({}, 1, 'model:1:forever')).toBeUndefined();
    expect(press({}, 'accessory')).toBeUndefined();
  });

  it('sends a Home press from the view, with no channel or response_url', () => {
    const payload = press({ place: 'home' });
    expect(blockActionsSchema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({ container: { type: 'view' }, view: { type: 'home' } });
    expect(payload).not.toHaveProperty('response_url');
    expect(payload).not.toHaveProperty('channel');
  });

  it("sends a press on a link preview from the person's message it is attached to", () => {
    expect(press({ place: 'attachment', parent: 'host' })).toMatchObject({
      container: { type: 'message_attachment', message_ts: '1700000000.500001', is_app_unfurl: true },
    });
  });
});
