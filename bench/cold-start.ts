import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Metafile } from 'esbuild';
import { buildAsDeployed, ROOT, readService } from '../test/deploy/osls.js';
import { httpApiEvent } from '../test/handlers/lambda-events.js';
import { createParameterStore } from '../test/support/parameter-store.js';
import { serveOnLoopback } from '../test/support/servers.js';
import { commandBody, SIGNING_SECRET, signedHeaders } from '../test/support/slack-requests.js';
import type { LoadOptions } from './cold-start-load.js';
import { countedTable, summarise } from './support.js';

const FRESH_PROCESSES = 11;
const LOAD = { rate: 25, seconds: 20 };
const SLOW_POLYTOMIC_MS = 2_000;

/** Node's flags as deployed (provider.environment.NODE_OPTIONS), plus silencing the AWS SDK's "upgrade Node" notice. */
function nodeFlags(): string[] {
  const deployed = String(readService().provider.environment.NODE_OPTIONS ?? '')
    .split(/\s+/)
    .filter(Boolean);
  return [...deployed, '--no-warnings'];
}

type ChildResult = Record<string, number> & { acked?: boolean };

async function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  }).catch((error: Error & { stderr?: string; signal?: string }) => {
    throw new Error(`${args.at(-1)} failed (${error.signal ?? 'exit'}): ${String(error.stderr).slice(-2000)}`);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`no result from ${args.join(' ')}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult;
}

const signedEvent = (triggerId: string) => {
  const body = commandBody({
    text: 'status Orders to Snowflake',
    triggerId,
    responseUrl: 'https://hooks.slack.com/commands/T0/1/bench',
  });
  return JSON.stringify(
    httpApiEvent({ method: 'POST', path: '/slack/events', headers: signedHeaders(body, Date.now()), body }),
  );
};

const inBundle = (metafile: Metafile, fragment: string) =>
  Object.keys(metafile.inputs).some((input) => input.includes(fragment));

/**
 * Cold start and ack latency of the deployed HTTP handler beside Bolt's documented Lambda setup, both
 * bundled with the same options. Our one DynamoDB write goes to DynamoDB Local.
 */
export async function benchColdStart(dynamoEndpoint: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  try {
    const ours = await buildAsDeployed('src/handlers/http.ts', join(outdir, 'ours'));
    const bolt = await buildAsDeployed('bench/baseline/bolt-lambda.ts', join(outdir, 'bolt'));
    const table = await countedTable(dynamoEndpoint);
    // DynamoDB Local's JVM compiles its write path on the first writes; DynamoDB itself is never that cold.
    for (let i = 0; i < 30; i++) {
      const key = { pk: { S: `WARMUP#${i}` }, sk: { S: 'WARMUP' } };
      await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: key }));
    }
    table.client.destroy();
    const env = {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      POLYTOMIC_API_KEY: 'pk_bench',
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      LOG_LEVEL: 'INFO',
    };

    // As deployed, the signing secret is not in the environment: the function reads it from SSM during
    // its init. Here from a stand-in Parameter Store on loopback, so the figure leaves out only the
    // network's distance to SSM.
    const parameterName = '/polytomic-slack/bench/slack-signing-secret';
    const parameterStore = await serveOnLoopback(createParameterStore({ [parameterName]: SIGNING_SECRET }).app);
    const { SLACK_SIGNING_SECRET: _fromEnv, ...envWithoutSecret } = env;
    const deployedEnv = {
      ...envWithoutSecret,
      SLACK_SIGNING_SECRET_PARAMETER: parameterName,
      AWS_ENDPOINT_URL_SSM: parameterStore.origin,
      // DynamoDB Local keeps tables per region: the one the bench created its table in.
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
    };

    // Interleaved, so drift in the machine's load touches all alike.
    const fresh = { ours: [] as ChildResult[], oursSsm: [] as ChildResult[], bolt: [] as ChildResult[] };
    const probe = join(ROOT, 'bench/cold-start-probe.mjs');
    try {
      for (let i = 0; i < FRESH_PROCESSES; i++) {
        for (const [name, bundle, childEnv] of [
          ['ours', ours, env],
          ['oursSsm', ours, deployedEnv],
          ['bolt', bolt, env],
        ] as const) {
          const result = await runChild([...nodeFlags(), probe, bundle.file], {
            ...childEnv,
            BENCH_EVENT: signedEvent(`cold-${name}-${i}`),
          });
          if (!result.acked) throw new Error(`${name} did not acknowledge: ${JSON.stringify(result)}`);
          fresh[name].push(result);
        }
      }
    } finally {
      await parameterStore.close();
    }

    const load = (bundle: string, options: Partial<LoadOptions>) =>
      runChild(['--no-warnings', '--import', 'tsx', join(ROOT, 'bench/cold-start-load.ts')], {
        ...env,
        BENCH_LOAD: JSON.stringify({
          bundle,
          ...LOAD,
          worker: false,
          polytomicLatencyMs: 0,
          inline: false,
          ...options,
        }),
      });
    const warm = {
      ours: await load(ours.file, {}),
      bolt: await load(bolt.file, {}),
      oursWorkerFast: await load(ours.file, { worker: true, polytomicLatencyMs: 0 }),
      oursWorkerSlow: await load(ours.file, { worker: true, polytomicLatencyMs: SLOW_POLYTOMIC_MS }),
      boltInlineSlow: await load(bolt.file, { inline: true, polytomicLatencyMs: SLOW_POLYTOMIC_MS }),
    };

    const median = (rows: ChildResult[], key: string) => summarise(rows.map((r) => r[key]!)).p50;
    return {
      bundle: { ours: ours.bytes, bolt: bolt.bytes },
      oursContains: {
        bolt: inBundle(ours.metafile, '@slack/bolt'),
        polytomicClient: inBundle(ours.metafile, 'adapters/polytomic'),
        awsSdk: inBundle(ours.metafile, '@aws-sdk'),
      },
      initMs: {
        ours: median(fresh.ours, 'initMs'),
        oursSsm: median(fresh.oursSsm, 'initMs'),
        bolt: median(fresh.bolt, 'initMs'),
      },
      firstMs: {
        ours: median(fresh.ours, 'firstMs'),
        oursSsm: median(fresh.oursSsm, 'firstMs'),
        bolt: median(fresh.bolt, 'firstMs'),
      },
      warm,
      settings: { processes: FRESH_PROCESSES, ...LOAD, slowMs: SLOW_POLYTOMIC_MS, nodeFlags: nodeFlags().join(' ') },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The figures as one table, ours beside Bolt's. */
export function formatColdStart(r: Awaited<ReturnType<typeof benchColdStart>>): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const ms = (value: number | undefined) => `${(value ?? NaN).toFixed(1)} ms`;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const row = (label: string, ours: string, bolt: string, note = '') =>
    `${`  ${label.padEnd(52)}${ours.padStart(22)}${bolt.padStart(22)}   ${note}`.trimEnd()}\n`;
  const pair = (w: Record<string, number>) => `${ms(w.p50)} / ${ms(w.p99)}`;
  const { warm, settings } = r;
  const failures = Object.values(warm).reduce((n, w) => n + (w.failures ?? 0), 0);
  return (
    `Cold start and ack: our HTTP handler vs Bolt (App + AwsLambdaReceiver), both bundled with serverless.yml's esbuild options\n` +
    row('', 'ours', 'Bolt', 'ours ÷ Bolt') +
    row(
      'bundle (.mjs)',
      kb(r.bundle.ours),
      kb(r.bundle.bolt),
      `${ratio(r.bundle.ours, r.bundle.bolt)} (target ≤ 0.15)`,
    ) +
    row(
      `module init, fresh process (median of ${settings.processes})`,
      ms(r.initMs.ours),
      ms(r.initMs.bolt),
      `${ratio(r.initMs.ours, r.initMs.bolt)}, both with the signing secret in the environment`,
    ) +
    row(
      '  … ours as deployed, secret read from SSM',
      ms(r.initMs.oursSsm),
      '',
      `${ratio(r.initMs.oursSsm, r.initMs.bolt)} (target ≤ 0.30), SSM stand-in on loopback`,
    ) +
    row(
      'first request, fresh process (median)',
      ms(r.firstMs.ours),
      ms(r.firstMs.bolt),
      'ours includes its DynamoDB write',
    ) +
    row(
      'init + first request (median)',
      ms(r.initMs.ours + r.firstMs.ours),
      ms(r.initMs.bolt + r.firstMs.bolt),
      ratio(r.initMs.ours + r.firstMs.ours, r.initMs.bolt + r.firstMs.bolt),
    ) +
    row(
      '  … ours as deployed, secret read from SSM',
      ms(r.initMs.oursSsm + r.firstMs.oursSsm),
      '',
      ratio(r.initMs.oursSsm + r.firstMs.oursSsm, r.initMs.bolt + r.firstMs.bolt),
    ) +
    row(`warm ack p50 / p99, ${settings.rate}/s for ${settings.seconds} s`, pair(warm.ours), pair(warm.bolt)) +
    `\n  Polytomic slow (answers in ${settings.slowMs / 1000} s), warm ack p50 / p99 at ${settings.rate}/s:\n` +
    row(
      'ours, worker in the same process, Polytomic 0 s',
      pair(warm.oursWorkerFast),
      '',
      `${warm.oursWorkerFast.jobsDone}/${warm.oursWorkerFast.jobs} jobs done`,
    ) +
    row(
      `ours, worker in the same process, Polytomic ${settings.slowMs / 1000} s`,
      pair(warm.oursWorkerSlow),
      '',
      `${warm.oursWorkerSlow.jobsDone}/${warm.oursWorkerSlow.jobs} jobs done`,
    ) +
    row(`Bolt, looking Polytomic up before the ack`, '', pair(warm.boltInlineSlow)) +
    `\n  Our bundle contains Bolt: ${r.oursContains.bolt ? 'YES' : 'no'}; the Polytomic client: ${r.oursContains.polytomicClient ? 'YES' : 'no'}; ` +
    `the AWS SDK: ${r.oursContains.awsSdk ? 'YES' : 'no'}. ` +
    `Requests not acknowledged: ${failures}. Node flags: ${settings.nodeFlags}.\n`
  );
}
