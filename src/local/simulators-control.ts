import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { SIMULATED_POLYTOMIC_PATH, SIMULATED_SLACK_PATH } from './defaults.js';
import type { PolytomicSimulator, RunNowOutcome, StartedRefresh, StartedRun } from './polytomic-simulator.js';
import type { RecordedMessage, SlackFault, SlackSimulator } from './slack-simulator.js';

/**
 * "Once the simulators have accepted and recorded the nth matching request, SIGKILL this process before
 * answering": the moment between "Slack or Polytomic accepted" and "the bot recorded it".
 */
export interface KillFault {
  pid: number;
  method: string;
  /** The request's exact pathname, e.g. `/_sim/slack/api/chat.postMessage`. */
  path: string;
  /** Which matching request (1: the first after the fault is installed). */
  nth?: number;
  /** Slack calls only: true matches posts with a `thread_ts`, false those without. */
  threaded?: boolean;
  /** Slack calls only: the `text` argument contains this. */
  textIncludes?: string;
}

/** One POST the simulators answered (every Slack call, every Polytomic change), and how long it took: a slow fault shows here. */
export interface AnsweredRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  ms: number;
}

/** Everything the suite reads back: what Slack shows, what Polytomic changed, whether the kill fired. */
export interface SimulatorsState {
  messages: RecordedMessage[];
  deleted: RecordedMessage[];
  runs: StartedRun[];
  refreshes: StartedRefresh[];
  requests: AnsweredRequest[];
  kill: { installed?: KillFault; firedAt?: number };
}

export interface SimulatorsOptions {
  polytomic: PolytomicSimulator;
  slack: SlackSimulator;
  /** Where the bot's webhook deliveries and the simulators are reached; default the global fetch. */
  fetch?: typeof fetch;
  kill?: (pid: number) => void;
}

/**
 * The Polytomic and Slack simulators on one app, as `npm start` mounts them, plus `/_control`: the handle a
 * fault-injection suite drives them by from another process, so their state outlives the bot it kills.
 */
export function createSimulatorsApp(options: SimulatorsOptions): Hono {
  const { polytomic, slack } = options;
  const kill = options.kill ?? ((pid: number) => process.kill(pid, 'SIGKILL'));
  const requests: AnsweredRequest[] = [];
  const killState: { fault?: KillFault; seen: number; firedAt?: number } = { seen: 0 };
  const app = new Hono();

  app.use('/_sim/*', killAfterAccepted(requests, killState, kill));
  app.route(SIMULATED_POLYTOMIC_PATH, polytomic.app);
  app.route(SIMULATED_SLACK_PATH, slack.app);

  app.get('/_control/state', (c) =>
    c.json({
      messages: slack.messages,
      deleted: slack.deleted,
      runs: polytomic.startedRuns(),
      refreshes: polytomic.startedRefreshes(),
      requests,
      kill: { installed: killState.fault, firedAt: killState.firedAt },
    } satisfies SimulatorsState),
  );
  app.post('/_control/kill', async (c) => {
    const fault = (await c.req.json()) as KillFault;
    if (!Number.isInteger(fault.pid) || fault.pid <= 0 || !fault.method || !fault.path)
      return c.json({ error: 'a kill fault needs pid, method and path' }, 400);
    Object.assign(killState, { fault, seen: 0, firedAt: undefined });
    return c.json({ ok: true });
  });
  app.post('/_control/slack/fail-next', async (c) => {
    slack.failNext((await c.req.json()) as SlackFault);
    return c.json({ ok: true });
  });
  app.post('/_control/polytomic/add-syncs', async (c) => {
    const { count, namePrefix } = (await c.req.json()) as { count: number; namePrefix?: string };
    return c.json({ ids: polytomic.addModelSyncs(count, namePrefix) });
  });
  app.post('/_control/polytomic/run', async (c) => {
    const { syncId, ...outcome } = (await c.req.json()) as RunNowOutcome & { syncId: string };
    return c.json({ executionId: polytomic.runNow(syncId, outcome) });
  });
  // Polytomic POSTs the events to whatever webhook the bot registered, from this process.
  app.post('/_control/polytomic/deliver', async (c) =>
    c.json({ deliveries: await polytomic.deliverEvents({ fetch: options.fetch }) }),
  );
  app.onError((error, c) => c.json({ error: error.message }, 500));
  return app;
}

function killAfterAccepted(
  requests: AnsweredRequest[],
  state: { fault?: KillFault; seen: number; firedAt?: number },
  kill: (pid: number) => void,
): MiddlewareHandler {
  return async (c, next) => {
    const at = Date.now();
    const path = new URL(c.req.url).pathname;
    const fault =
      state.fault && state.firedAt === undefined && state.fault.method === c.req.method && state.fault.path === path
        ? state.fault
        : undefined;
    // Read from a copy: the simulator reads the body itself.
    const args =
      fault && (fault.threaded !== undefined || fault.textIncludes !== undefined)
        ? await readArgs(c.req.raw.clone())
        : {};
    await next();
    if (c.req.method === 'POST')
      requests.push({ method: c.req.method, path, status: c.res.status, at, ms: Date.now() - at });
    if (!fault || !matchesArgs(fault, args) || !(await accepted(c.res))) return;
    if (++state.seen < (fault.nth ?? 1)) return;
    state.firedAt = Date.now();
    kill(fault.pid);
  };
}

function matchesArgs(fault: KillFault, args: Record<string, unknown>): boolean {
  if (fault.threaded !== undefined && fault.threaded !== Boolean(args.thread_ts)) return false;
  return fault.textIncludes === undefined || String(args.text ?? '').includes(fault.textIncludes);
}

// Slack answers 200 with `ok: false` when it refuses; Polytomic answers with an HTTP error status.
async function accepted(response: Response): Promise<boolean> {
  if (!response.ok) return false;
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return true;
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { ok?: unknown };
  return body.ok !== false;
}

// The Slack Web API client form-encodes its arguments; other callers send JSON.
async function readArgs(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get('content-type') ?? '').includes('application/json'))
    return JSON.parse(text || '{}') as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}
