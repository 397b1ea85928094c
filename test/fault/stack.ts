import { randomUUID } from 'node:crypto';
import { freePort } from '../../src/local/dynamodb-local.js';
import type { KillFault, SimulatorsState } from '../../src/local/simulators-control.js';
import type { RecordedMessage } from '../../src/local/slack-simulator.js';
import { buttonBody, commandBody, SIGNING_SECRET, signedHeaders } from '../support/slack-requests.js';
import type { RunningProcess } from './processes.js';
import { startTsProcess } from './processes.js';

const POLYTOMIC_KEY = 'pk_fault_suite';
const BOT_TOKEN = 'xoxb-fault-suite';
/** Every lease, retry delay and deadline 20× shorter: a job lease of 4.5 s, an alert flush lease of 6 s. */
export const TIME_SCALE = 0.05;
/** Longer than any lease at TIME_SCALE (the alert flush's 6 s) plus a poll: a duplicate would have shown by then. */
export const QUIET_MS = 8_000;
const POLL_MS = 150;

export type FaultSpec = Omit<KillFault, 'pid'>;

/**
 * The bot as `npm start` runs it, in its own process against DynamoDB Local, with the Polytomic and Slack
 * simulators in another process so what they recorded survives the bot's death: kill it, restart it on
 * the same table and port, read what Slack shows and what Polytomic did.
 */
export async function startStack(options: { dynamoEndpoint: string; tableName: string }) {
  const [simsPort, botPort] = await Promise.all([freePort(), freePort()]);
  const simsOrigin = `http://127.0.0.1:${simsPort}`;
  const botOrigin = `http://127.0.0.1:${botPort}`;
  const simulators = startTsProcess('src/local/simulators-main.ts', {
    PORT: String(simsPort),
    POLYTOMIC_API_KEY: POLYTOMIC_KEY,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    POLYTOMIC_SIMULATOR_REFRESH_MS: '1500',
    // Only runs the suite starts make events; the seeded schedules would otherwise add their own.
    POLYTOMIC_SIMULATOR_EVENTS: 'manual',
  });
  const botEnv = {
    PORT: String(botPort),
    DYNAMODB_ENDPOINT: options.dynamoEndpoint,
    TABLE_NAME: options.tableName,
    POLYTOMIC_API_KEY: POLYTOMIC_KEY,
    POLYTOMIC_URL: `${simsOrigin}/_sim/polytomic`,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: `${simsOrigin}/_sim/slack/api/`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    // The suite's response_urls land on the simulators' process, as Slack's land on hooks.slack.com.
    SLACK_RESPONSE_URL_ORIGINS: simsOrigin,
    // The workspace the suite's signed requests come from (test/support/slack-requests.ts).
    SLACK_TEAM_ID: 'T0TEST',
    TIME_SCALE: String(TIME_SCALE),
    POLL_INTERVAL_SECONDS: '5',
    REFRESH_TIMEOUT_MINUTES: '1',
    // Every SDK release nags about the Node version on stderr; the tail is for the bot's own words.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const bots: RunningProcess[] = [];
  const startBot = async () => {
    const bot = startTsProcess('src/local/main.ts', botEnv);
    bots.push(bot);
    await waitForHttp(`${botOrigin}/healthz`, bot);
    return bot;
  };

  try {
    await waitForHttp(`${simsOrigin}/_control/state`, simulators);
    await startBot();
  } catch (error) {
    await Promise.all([simulators.kill(), ...bots.map((b) => b.kill())]);
    throw error;
  }

  /** GET for `/state`, POST (with a JSON body) for every command. */
  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(
      `${simsOrigin}/_control${path}`,
      path === '/state'
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) },
    );
    const text = await response.text();
    if (!response.ok) throw new Error(`control ${path}: ${response.status} ${text}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`control ${path}: not JSON: ${text.slice(0, 300)}`);
    }
  };
  const state = () => control<SimulatorsState>('/state');
  const bot = () => bots.at(-1)!;
  const responseUrl = (id: string) => `${simsOrigin}/_sim/slack/response/${id}`;

  /** POSTs a signed Slack request to the bot, as Slack would. */
  const sendToBot = async (body: string) => {
    const response = await fetch(`${botOrigin}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body, Date.now()),
      body,
    });
    if (!response.ok) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
  };

  return {
    state,
    control,
    bot,

    /** Sends a signed slash command; returns the id of the response_url its answers land on. */
    async command(text: string) {
      const responseUrlId = randomUUID();
      await sendToBot(commandBody({ text, responseUrl: responseUrl(responseUrlId) }));
      return responseUrlId;
    },

    /** Presses a button (on the message `messageTs`), as Slack posts a block action; returns the id of its response_url. */
    async press(actionId: string, value: string, fields: { messageTs?: string } = {}) {
      const responseUrlId = randomUUID();
      await sendToBot(
        buttonBody({
          actionId,
          value,
          responseUrl: responseUrl(responseUrlId),
          actionTs: (Date.now() / 1000).toFixed(6),
          ...fields,
        }),
      );
      return responseUrlId;
    },

    /** Sends a command and waits for its first answer through response_url. */
    async commandAnswered(text: string) {
      const id = await this.command(text);
      // Past a word-while-waiting notice (a loaded machine at TIME_SCALE makes Polytomic "slow"): the answer.
      return (await this.waitFor(`an answer to "${text}"`, (s) =>
        responses(s, id).find((r) => !WAITING_NOTICE.test(r.text ?? '')),
      ))!;
    },

    /** SIGKILLs the bot after the simulators accept the matching request. */
    async installKill(fault: FaultSpec) {
      await control('/kill', { ...fault, pid: bot().pid });
    },

    /** Waits for the bot to be killed by the installed fault, then starts it again on the same table and port. */
    async restartAfterKill(timeoutMs = 30_000) {
      const died = await Promise.race([bot().exited, sleep(timeoutMs).then(() => 'alive' as const)]);
      if (died !== 'SIGKILL')
        throw new Error(
          died === 'alive'
            ? `the bot was not killed within ${timeoutMs / 1000} s: the fault's request never came`
            : `the bot ended by itself (${String(died)})`,
        );
      await startBot();
    },

    /** Polls what the simulators recorded until `found` returns something. */
    async waitFor<T>(
      what: string,
      found: (s: SimulatorsState) => T | undefined | false,
      timeoutMs = 30_000,
    ): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = found(await state());
        if (result) return result;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(POLL_MS);
      }
    },

    /** Waits until nothing new reaches Slack or Polytomic for `QUIET_MS`: whatever a retry would add is in. */
    async quiet(timeoutMs = 60_000): Promise<SimulatorsState> {
      const deadline = Date.now() + timeoutMs;
      let last = await state();
      let since = Date.now();
      for (;;) {
        await sleep(POLL_MS * 2);
        const now = await state();
        if (fingerprint(now) !== fingerprint(last)) [last, since] = [now, Date.now()];
        else if (Date.now() - since >= QUIET_MS) return now;
        if (Date.now() > deadline) throw new Error(`still changing after ${timeoutMs / 1000} s`);
      }
    },

    /** What to read when a scenario fails: both processes' last words and what Slack recorded. */
    async report(): Promise<string> {
      const recorded = await state().then(
        (s) => s.messages.map(describeMessage).join('\n'),
        (error: unknown) => `(simulators unreachable: ${String(error)})`,
      );
      return [
        ...bots.map((b, i) => `--- bot run ${i + 1} (pid ${b.pid}), last lines:\n${b.tail().join('\n')}`),
        `--- simulators, last lines:\n${simulators.tail().join('\n')}`,
        `--- recorded by the simulated Slack:\n${recorded}`,
      ].join('\n');
    },

    async close() {
      await Promise.all([simulators.kill(), ...bots.map((b) => b.kill())]);
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** What reached one response_url, in order. */
/** The bot's word while it waits on Polytomic (src/lib/core/failure.ts), sent before its answer. */
const WAITING_NOTICE = /^:hourglass_flowing_sand: (Still trying to |I couldn't .* yet: )/;

export const responses = (s: SimulatorsState, responseUrlId: string) =>
  s.messages.filter((m) => m.via === 'response_url' && m.responseUrlId === responseUrlId);

/** Messages posted with chat.postMessage in a channel, top level and in threads. */
export const posts = (s: SimulatorsState, channel: string) =>
  s.messages.filter((m) => m.via === 'chat.postMessage' && m.channel === channel);

/** A posted message as a person sees it now: its last chat.update, else the post itself. */
export const current = (s: SimulatorsState, message: RecordedMessage): RecordedMessage =>
  s.messages.filter((m) => m.via === 'chat.update' && m.channel === message.channel && m.ts === message.ts).at(-1) ??
  message;

const fingerprint = (s: SimulatorsState) =>
  `${s.messages.length}/${s.deleted.length}/${s.runs.length}/${s.refreshes.length}`;

const describeMessage = (m: RecordedMessage) =>
  `${m.via} ${m.channel ?? m.responseUrlId ?? ''} ts=${m.ts ?? '-'} thread=${m.threadTs ?? '-'}: ${(m.text ?? '').slice(0, 140).replace(/\n/g, ' ⏎ ')}`;

async function waitForHttp(url: string, child: RunningProcess, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (gone) throw new Error(`${url}: the process ended before answering:\n${child.tail().join('\n')}`);
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${child.tail().join('\n')}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
