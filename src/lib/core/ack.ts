import type { Command } from './command.js';
import type { QueuedCommandName } from './commands/registry.js';
import { QUEUED_COMMANDS } from './commands/registry.js';
import type { CommandAck } from './commands/spec.js';
import { renderHelp } from './help.js';
import type { SlackMessage } from './message.js';
import { textMessage } from './message.js';
import { formatCount } from './mrkdwn.js';

/** The immediate answer to a command, decided without any I/O so it always fits in Slack's 3 seconds. */
export function acknowledgeCommand(command: Command, commandName: string): CommandAck {
  switch (command.kind) {
    case 'help':
      return { reply: renderHelp(commandName), queue: false };
    case 'unknown':
      return { reply: renderHelp(commandName, command), queue: false };
    default:
      return acknowledgeQueued(command.kind, command.query, commandName);
  }
}

function acknowledgeQueued<K extends QueuedCommandName>(name: K, query: string, commandName: string): CommandAck {
  const spec = QUEUED_COMMANDS[name];
  return spec.ack(spec.parse(query), commandName);
}

/** When the request could not be recorded, the user hears so at once instead of waiting for nothing. */
export const notRecordedReply: SlackMessage = textMessage(
  // Not "nothing will happen": a write abandoned at its deadline may still have reached DynamoDB.
  ":warning: I couldn't record your request just now, so it may not happen. If nothing arrives within a minute, please try again.",
);

/** A command longer than the bot reads: the person hears why nothing happened. */
export const renderTooLong = (length: number, max: number): SlackMessage =>
  textMessage(
    `:warning: That command is ${formatCount(length)} characters long; I read at most ${formatCount(max)}. Nothing was done: shorten it and try again.`,
  );
