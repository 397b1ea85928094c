import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../handlers/lambda-events.js';
import { buildAsDeployed, readService } from './osls.js';

const outdir = mkdtempSync(join(tmpdir(), 'bundles-'));
const bundles: Record<string, { file: string; metafile: Metafile }> = {};

beforeAll(async () => {
  for (const [name, { handler }] of Object.entries(readService().functions)) {
    bundles[name] = await buildAsDeployed(`${handler.slice(0, handler.lastIndexOf('.'))}.ts`, join(outdir, name));
  }
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
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script, file, ...(event ? [JSON.stringify(event)] : [])], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_SIGNING_SECRET: 'bundle-test-secret',
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      POLYTOMIC_API_KEY: 'pk-bundle-test',
      // Nothing is called while starting; a closed port proves it.
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
      LOG_LEVEL: 'ERROR',
    },
  });
  return JSON.parse(stdout) as { handler: string; statusCode?: number };
}

describe('the function bundles, built with serverless.yml\'s esbuild options', () => {
  it('each starts as an ES module in plain Node and exports its handler', async () => {
    expect(Object.keys(bundles).sort()).toEqual(['http', 'poll', 'worker']);
    for (const [name, bundle] of Object.entries(bundles)) expect(await start(bundle.file), name).toEqual({ handler: 'function' });
  }, 60_000);

  it('the http bundle answers the health check', async () => {
    expect(await start(bundles.http!.file, httpApiEvent({ method: 'GET', path: '/healthz' }))).toEqual({ handler: 'function', statusCode: 200 });
  }, 30_000);

  it('the http bundle leaves out Bolt and the Polytomic client, so its cold start stays small', () => {
    const inputs = Object.keys(bundles.http!.metafile.inputs);
    expect(inputs.filter((input) => input.includes('@slack/bolt') || input.includes('@slack/web-api') || input.includes('adapters/polytomic'))).toEqual([]);
    expect(Object.keys(bundles.worker!.metafile.inputs).some((input) => input.includes('@slack/bolt'))).toBe(true);
  });
});
