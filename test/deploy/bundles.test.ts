import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../handlers/lambda-events.js';
import { buildAsDeployed, readService, unpackFunction } from './osls.js';

const outdir = mkdtempSync(join(tmpdir(), 'bundles-'));
const functions = Object.entries(readService().functions);
/** Each function's entry file, unpacked from the deployment package `osls package` made. */
const entries: Record<string, string> = {};
let http: { metafile: Metafile };
let worker: { metafile: Metafile };

beforeAll(async () => {
  for (const [name, { handler }] of functions) {
    await unpackFunction(name, join(outdir, name));
    entries[name] = join(outdir, name, `${handler.slice(0, handler.lastIndexOf('.'))}.mjs`);
  }
  http = await buildAsDeployed('src/handlers/http.ts', join(outdir, 'build-http'));
  worker = await buildAsDeployed('src/handlers/worker.ts', join(outdir, 'build-worker'));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Starts a bundle in a fresh Node process, as Lambda's runtime would, and optionally hands it one event. */
async function start(file: string, event?: unknown): Promise<{ handler: string; statusCode?: number }> {
  const script = `
    const { handler } = await import(process.argv[1]);
    const event = process.argv[2] ? JSON.parse(process.argv[2]) : undefined;
    const result = event ? await handler(event, {}) : undefined;
    process.stdout.write(JSON.stringify({ handler: typeof handler, statusCode: result?.statusCode }));
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--no-warnings', '--input-type=module', '-e', script, file, ...(event ? [JSON.stringify(event)] : [])],
    {
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_SIGNING_SECRET: 'bundle-test-secret',
        SLACK_BOT_TOKEN: 'xoxb-bundle-test',
        POLYTOMIC_API_KEY: 'pk-bundle-test',
        // Nothing is called while starting; a closed port proves it.
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
        LOG_LEVEL: 'ERROR',
      },
    },
  );
  return JSON.parse(stdout) as { handler: string; statusCode?: number };
}

describe('the deployment packages', () => {
  it('each starts, unpacked, as an ES module in plain Node and exports its handler: every chunk it imports is in its zip', async () => {
    expect(Object.keys(entries).sort()).toEqual(['http', 'poll', 'worker']);
    for (const [name, file] of Object.entries(entries))
      expect(await start(file), name).toEqual({ handler: 'function' });
  }, 60_000);

  it('the http package answers the health check', async () => {
    expect(await start(entries.http!, httpApiEvent({ method: 'GET', path: '/healthz' }))).toEqual({
      handler: 'function',
      statusCode: 200,
    });
  }, 30_000);
});

describe("the bundles, built with serverless.yml's esbuild options", () => {
  it('the http bundle leaves out Bolt, the Polytomic client and the runs of commands and buttons, so its cold start stays small', () => {
    const inputs = Object.keys(http.metafile.inputs);
    expect(
      inputs.filter(
        (input) =>
          input.includes('@slack/bolt') ||
          input.includes('@slack/web-api') ||
          input.includes('adapters/polytomic') ||
          input.includes('app/commands/') ||
          input.includes('app/buttons/'),
      ),
    ).toEqual([]);
    // The acknowledgement reads the subcommand registry's pure half.
    expect(inputs).toContain('src/lib/core/commands/registry.ts');
  });

  it('the http bundle builds only the schemas the acknowledgement reads: building zod schemas is most of its module init', () => {
    const schemas = Object.keys(http.metafile.inputs).filter((input) => input.startsWith('src/lib/schemas/'));
    expect(schemas.sort()).toEqual([
      'src/lib/schemas/fields.ts',
      'src/lib/schemas/polytomic-event.ts',
      'src/lib/schemas/slack.ts',
      'src/lib/schemas/webhook-config-item.ts',
      'src/lib/schemas/zod.ts',
    ]);
  });

  it('the http bundle makes its AWS calls through its own small path and holds no part of the AWS SDK; the worker keeps the SDK', () => {
    const inputs = Object.keys(http.metafile.inputs);
    expect(inputs.filter((input) => input.includes('@aws-sdk') || input.includes('@smithy'))).toEqual([]);
    expect(inputs).toContain('src/lib/adapters/aws/aws-json-api.ts');
    expect(Object.keys(worker.metafile.inputs).some((input) => input.includes('@aws-sdk/client-dynamodb'))).toBe(true);
    expect(Object.keys(worker.metafile.inputs).some((input) => input.includes('@slack/bolt'))).toBe(true);
  });
});
