import { LOCAL_SLACK } from '../defaults.js';
import type { ElementPlace } from './blocks-html.js';
import type { FeedEntry } from './feed.js';

interface PressedElement {
  type?: string;
  action_id?: string;
  value?: string;
  text?: unknown;
  options?: { text?: unknown; value?: string }[];
  option_groups?: { options?: { text?: unknown; value?: string }[] }[];
}

/**
 * The `block_actions` payload Slack sends when the local person presses an element of an entry: the
 * element read from the message itself (the page names only where it is and, for a menu, the option's
 * value), the container the entry sits in (a message, an ephemeral one, a link preview, the Home view),
 * and a response_url, except on Home. Undefined when nothing pressable is there.
 */
export function pressPayload(input: {
  entry: FeedEntry;
  place: ElementPlace;
  option?: string;
  responseUrl: string;
  triggerId: string;
  /** The message a preview is attached to, for its ts. */
  host?: FeedEntry;
  nowMs: number;
}): Record<string, unknown> | undefined {
  const { entry, place } = input;
  const block = entry.blocks[place.block] as
    | { block_id?: string; accessory?: PressedElement; elements?: PressedElement[] }
    | undefined;
  const element = place.element === 'accessory' ? block?.accessory : block?.elements?.[place.element];
  if (!block || !element?.action_id || !['button', 'static_select', 'overflow'].includes(element.type ?? '')) return;
  const actionTs = (input.nowMs / 1000).toFixed(6);
  const common = {
    action_id: element.action_id,
    // Slack gives a block without an id one of its own, stable for the message.
    block_id: block.block_id ?? `${entry.id}-${place.block}`,
    action_ts: actionTs,
  };
  let action: Record<string, unknown>;
  if (element.type === 'button') {
    action = {
      type: 'button',
      ...common,
      text: element.text,
      ...(element.value === undefined ? {} : { value: element.value }),
    };
  } else {
    const options = [...(element.options ?? []), ...(element.option_groups ?? []).flatMap((g) => g.options ?? [])];
    const picked = options.find((o) => o.value === input.option);
    if (!picked) return;
    action = { type: element.type, ...common, selected_option: { text: picked.text, value: picked.value } };
  }
  const team = { id: LOCAL_SLACK.teamId, domain: LOCAL_SLACK.teamDomain };
  const user = { id: LOCAL_SLACK.userId, username: LOCAL_SLACK.userName, team_id: LOCAL_SLACK.teamId };
  const base = { type: 'block_actions', team, user, api_app_id: LOCAL_SLACK.appId, trigger_id: input.triggerId };
  if (entry.place === 'home') {
    const view = { id: 'V0LOCALHOME', type: 'home', team_id: LOCAL_SLACK.teamId, blocks: entry.blocks };
    return { ...base, container: { type: 'view', view_id: view.id }, view, actions: [action] };
  }
  const channel = { id: entry.channel, name: LOCAL_SLACK.channelName };
  const answer = { response_url: input.responseUrl };
  if (entry.place === 'attachment') {
    const container = {
      type: 'message_attachment',
      message_ts: input.host?.ts,
      attachment_id: 1,
      channel_id: entry.channel,
      is_ephemeral: false,
      is_app_unfurl: true,
    };
    return { ...base, container, channel, ...answer, actions: [action] };
  }
  const container = { type: 'message', message_ts: entry.ts, channel_id: entry.channel, is_ephemeral: entry.ephemeral };
  // Slack sends the message pressed on, except an ephemeral one.
  const message = entry.ephemeral
    ? {}
    : {
        message: {
          type: 'message',
          ts: entry.ts,
          ...(entry.parent ? { thread_ts: entry.parent } : {}),
          text: entry.text,
          blocks: entry.blocks,
        },
      };
  return { ...base, container, channel, ...message, ...answer, actions: [action] };
}
