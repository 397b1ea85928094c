import type { Command } from './command.js';
import { renderHelp } from './help.js';
import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { escapeText, truncate } from './mrkdwn.js';

export interface CommandAck {
  /** Shown at once, only to the person who typed the command. */
  reply: SlackMessage;
  /** Whether slow work follows in the worker. */
  queue: boolean;
}

/** The immediate answer to a command, decided without any I/O so it always fits in Slack's 3 seconds. */
export function acknowledgeCommand(command: Command, commandName: string): CommandAck {
  switch (command.kind) {
    case 'help':
      return { reply: renderHelp(commandName), queue: false };
    case 'unknown':
      return { reply: renderHelp(commandName, command), queue: false };
    case 'status':
      return {
        reply: working(
          command.query === '' ? 'Gathering the status of every sync…' : `Looking up *${quoted(command.query)}*…`,
        ),
        queue: true,
      };
    case 'refresh':
      if (command.query === '') {
        return {
          reply: textMessage(
            `Which connection should I refresh? Type \`${commandName} refresh <connection>\`; \`${commandName} connection\` lists them all.`,
          ),
          queue: false,
        };
      }
      return { reply: working(`Asking Polytomic to refresh the schema of *${quoted(command.query)}*…`), queue: true };
    case 'webhook':
      return { reply: working("Checking Polytomic's webhook…"), queue: true };
    case 'watch':
    case 'unwatch':
      return { reply: working("Working on this channel's alerts…"), queue: true };
    case 'digest':
      return { reply: working("Working on this channel's digest…"), queue: true };
    case 'audit':
      return {
        reply: working(
          command.query === ''
            ? 'Reading the changes made through the bot…'
            : `Reading the changes made to *${quoted(command.query)}*…`,
        ),
        queue: true,
      };
    case 'connection':
      return {
        reply: working(
          command.query === ''
            ? 'Gathering your connections…'
            : `Looking up the connection *${quoted(command.query)}*…`,
        ),
        queue: true,
      };
  }
}

const quoted = (query: string) => escapeText(truncate(query, 200));
const working = (text: string) => textMessage(`:hourglass_flowing_sand: ${text}`);

/** When the request could not be recorded, the user hears so at once instead of waiting for nothing. */
export const notRecordedReply: SlackMessage = textMessage(
  // Not "nothing will happen": a write abandoned at its deadline may still have reached DynamoDB.
  ":warning: I couldn't record your request just now, so it may not happen. If nothing arrives within a minute, please try again.",
);
