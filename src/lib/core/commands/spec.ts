import type { SlackMessage } from '../message.js';
import { textMessage } from '../message.js';
import { escapeText, truncate } from '../mrkdwn.js';
import type { ChangeAction } from '../policy.js';

/** What every subcommand declares for help, typo suggestions and the Slack manifest. */
export interface CommandDeclaration {
  name: string;
  /** Other words that run it (`connections`, `-h`). */
  aliases: readonly string[];
  /** Its lines in help, each `` `<command> …`: what it does ``. */
  usage: (command: string) => readonly string[];
  /** Its part of the manifest's usage hint, e.g. `status [sync]`. */
  hint: string;
}

export interface CommandAck {
  /** Shown at once, only to the person who typed the command. */
  reply: SlackMessage;
  /** Whether slow work follows in the worker. */
  queue: boolean;
}

/**
 * A subcommand whose work runs in the worker: the pure half, which the HTTP acknowledgement also reads.
 * Its run lives in `src/lib/app/commands/`, one module per subcommand, and is required by type.
 */
export interface CommandSpec<Args> extends CommandDeclaration {
  /** Reads the text after the subcommand (quotes already dropped). */
  parse: (query: string) => Args;
  /** The change the access policy is asked about, or undefined when this use only reads. */
  changes: (args: Args) => ChangeAction | undefined;
  /** The immediate answer, decided without any I/O so it always fits in Slack's 3 seconds. */
  ack: (args: Args, commandName: string) => CommandAck;
  /** Completes "I couldn't …" when the work fails. */
  doing: (args: Args) => string;
}

/** A subcommand answered in the acknowledgement itself (help): it has no run. */
export interface InAckDeclaration extends CommandDeclaration {
  answeredInAck: true;
}

/** Ties a spec's argument type to its functions, so the registry can carry it. */
export const defineCommand = <Args>(spec: CommandSpec<Args>): CommandSpec<Args> => spec;

/** A name the person typed, as the acknowledgement repeats it. */
export const quoted = (query: string) => escapeText(truncate(query, 200));
/** "⏳ …": the acknowledgement of work that follows. */
export const working = (text: string): CommandAck => ({
  reply: textMessage(`:hourglass_flowing_sand: ${text}`),
  queue: true,
});
