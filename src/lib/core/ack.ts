import type { Command } from './command.js';
import { renderHelp } from './help.js';
import { escapeText, truncate } from './mrkdwn.js';
import { textMessage } from './message.js';
import type { SlackMessage } from './message.js';

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
        reply: textMessage(
          command.query === ''
            ? ':hourglass_flowing_sand: Gathering the status of every sync…'
            : `:hourglass_flowing_sand: Looking up *${escapeText(truncate(command.query, 200))}*…`,
        ),
        queue: true,
      };
  }
}

/** When the request could not be recorded, the user hears so at once instead of waiting for nothing. */
export const notRecordedReply: SlackMessage = textMessage(
  ":warning: I couldn't record your request just now, so nothing will happen. Please try again in a moment.",
);
