import type { SlackMessage } from '../core/message.js';
import type { AccessPolicy, ChangeAction } from '../core/policy.js';
import type { Installation } from '../core/workspace.js';
import type { Log } from '../log.js';
import type { Job } from '../schemas/items.js';
import type { AlertDeps } from './alert-deps.js';
import type { DigestCommandDeps } from './digest.js';
import type { RefreshDeps } from './refresh.js';
import type { RequestLimitDeps } from './request-limit.js';
import type { StatusDeps } from './status.js';
import type { WebhookDeps } from './webhook.js';

/** Everything the worker's Slack listeners (commands and buttons) may use. */
export type SlackWorkDeps = RefreshDeps &
  AlertDeps &
  DigestCommandDeps &
  WebhookDeps &
  StatusDeps &
  RequestLimitDeps & {
    policy: AccessPolicy;
    /** The one installation served; requests from any other are refused before anything is done. */
    installation: () => Promise<Installation>;
  };

/** An answer to the person; `inChannel` shows it to everyone (a shared card, a digest set up). */
export type Answer = SlackMessage & { inChannel?: boolean };

/** Where a press on the Home tab comes from, for the access policy: no channel, so ALLOWED_CHANNELS refuses it. */
export const HOME_CHANNEL = 'home';

/** Who asked, and where: what the access policy is checked against. */
export interface Asker {
  userId: string;
  channelId: string;
  /** The person belongs to another organisation (Slack Connect): they may read, not change. */
  guest: boolean;
}

/** What a subcommand's run is handed: its parsed arguments, the text they came from, and who asked. */
export interface CommandInput<Args> {
  args: Args;
  query: string;
  /** The slash command as typed (`/polytomic`, or another name the app is installed under). */
  commandName: string;
  who: Asker;
  job: Job;
  log: Log;
}

/**
 * The worker half of a subcommand (the pure half is its spec in src/lib/core/commands/). Access has been
 * checked when it runs, and failures are turned into messages around it.
 */
export type CommandRun<Args> = (deps: SlackWorkDeps, input: CommandInput<Args>) => Promise<Answer>;

/** A button press, as its run sees it: who pressed, on which message, and whether that message is ephemeral. */
export interface ButtonPress {
  who: Asker;
  /** The message the button sits on and when it was pressed. */
  messageTs: string;
  /** The thread that message is a reply in, if it is one. */
  threadTs?: string;
  actionTs: string;
  /** Pressed on a message only the presser sees (a card that can still be shared). */
  ephemeral: boolean;
  job: Job;
  log: Log;
}

/** A button's declaration: how its value reads back, whether it changes anything, and its run. */
export interface ButtonSpec<Value> {
  /** Reads the pressed value back; undefined refuses the press as out of date. */
  decode: (value: string | undefined) => Value | undefined;
  /** Logged when the value does not read. */
  invalid: string;
  /** The change the access policy is asked about before the run; absent for a button that only reads. */
  changes?: ChangeAction;
  /** Completes "I couldn't …" when the work fails. */
  doing: string;
  /** The answer replaces the message the button sits on, or comes as a message of its own. */
  replaceOriginal: boolean;
  run: (deps: SlackWorkDeps, press: ButtonPress, value: Value) => Promise<Answer>;
}

/** A button as the dispatcher wires it: its value type is hidden behind `accept`. */
export interface Button extends Omit<ButtonSpec<unknown>, 'decode' | 'run'> {
  /** The press's work, or undefined when its value does not read. */
  accept: (value: string | undefined) => ((deps: SlackWorkDeps, press: ButtonPress) => Promise<Answer>) | undefined;
}

/** What a change made by a press is keyed and audited by: who pressed, on which message, when. */
export const pressedOn = (press: ButtonPress) => ({
  job: press.job,
  userId: press.who.userId,
  messageTs: press.messageTs,
  actionTs: press.actionTs,
  shareable: press.ephemeral,
});

export function defineButton<Value>({ decode, run, ...declared }: ButtonSpec<Value>): Button {
  return {
    ...declared,
    accept(raw) {
      const value = decode(raw);
      return value === undefined ? undefined : (deps, press) => run(deps, press, value);
    },
  };
}
