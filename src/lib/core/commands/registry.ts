import { audit } from './audit.js';
import { connection } from './connection.js';
import { digest } from './digest.js';
import { help } from './help.js';
import { refresh } from './refresh.js';
import { snooze, unsnooze } from './snooze.js';
import type { CommandDeclaration, CommandSpec } from './spec.js';
import { status } from './status.js';
import { unwatch } from './unwatch.js';
import { watch } from './watch.js';
import { webhook } from './webhook.js';

/**
 * The slash command as the manifest names it: what answers name when no command was typed (a button, the
 * Home tab, the local command line). A command typed under another name is answered with that name.
 */
export const MANIFEST_COMMAND = '/polytomic';

// A new subcommand is one line here and one run in src/lib/app/commands/ (the type below demands it).
const QUEUED = { status, refresh, connection, audit, digest, watch, unwatch, snooze, unsnooze, webhook };

/** Subcommands whose work runs in the worker. */
export type QueuedCommandName = keyof typeof QUEUED;
export type ArgsOf<K extends QueuedCommandName> = (typeof QUEUED)[K] extends CommandSpec<infer Args> ? Args : never;

/** Each queued subcommand's spec, typed so that a spec and its run are looked up together by name. */
export const QUEUED_COMMANDS: { readonly [K in QueuedCommandName]: CommandSpec<ArgsOf<K>> } = QUEUED;

/** Every subcommand, in the order help lists them. */
export const COMMANDS: readonly CommandDeclaration[] = [...Object.values(QUEUED), help];

/** Every subcommand's name: what a typo is compared with. */
export const SUBCOMMANDS: readonly string[] = COMMANDS.map((command) => command.name);

/** The subcommand a word names, by name or alias, in any case. */
export function commandNamed(word: string): CommandDeclaration | undefined {
  const lower = word.toLowerCase();
  return COMMANDS.find((command) => command.name === lower || command.aliases.includes(lower));
}

export const isQueued = (name: string): name is QueuedCommandName => Object.hasOwn(QUEUED, name);

/** Help's list of commands. */
export const usageLines = (command: string): string[] => COMMANDS.flatMap((spec) => spec.usage(command));

/** The Slack manifest's usage hint for the slash command. */
export const usageHint = (): string => COMMANDS.map((command) => command.hint).join(' | ');
