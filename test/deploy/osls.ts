import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';
import { parse } from 'yaml';
import { stackFromArgs } from '../../scripts/stack.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMPLATE = join(ROOT, '.serverless', 'cloudformation-template-update-stack.json');
const STATE = join(ROOT, '.serverless', 'serverless-state.json');
// What the template is made from: the service file, and the osls and plugin versions installed.
const INPUTS = ['serverless.yml', 'package.json', 'package-lock.json'].map((file) => join(ROOT, file));
const OSLS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

// A CloudFormation template is untyped JSON; the tests read it as such.
export type Json = any;

/** Runs osls offline, as a user would. No AWS credentials are needed for `package` or `print`. */
export async function osls(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [OSLS, ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * The template `osls package` generates for the default stage and region (`.ci/run` packages before the
 * tests). Packages first when the template is missing, older than what it is made from, or left by a
 * deploy of another stage or region, so `npm test` works on a fresh clone and after any deploy.
 */
export async function packagedTemplate(): Promise<Json> {
  if (isStale()) await osls(['package']);
  return JSON.parse(readFileSync(TEMPLATE, 'utf8'));
}

function isStale(): boolean {
  if (!existsSync(TEMPLATE) || !existsSync(STATE)) return true;
  if (INPUTS.some((input) => statSync(input).mtimeMs > statSync(TEMPLATE).mtimeMs)) return true;
  const { provider } = JSON.parse(readFileSync(STATE, 'utf8')).service;
  const defaults = stackFromArgs([]);
  return provider.stage !== defaults.stage || provider.region !== defaults.region;
}

// serverless-esbuild's own options, which it removes before calling esbuild (its dist/bundle.js).
const PLUGIN_ONLY = [
  'concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory',
  'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals',
  'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext', 'config',
];

export interface Service {
  custom: { esbuild: Record<string, unknown> & { exclude?: string[]; external?: string[]; outputFileExtension?: string } };
  provider: { environment: Record<string, unknown> };
  functions: Record<string, { handler: string }>;
}

/** serverless.yml's plain values; CloudFormation tags (!Ref…) are read as plain values too and not used. */
export function readService(): Service {
  return parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as Service;
}

/** Bundles one entry point as `osls package` does: serverless.yml's custom.esbuild, mapped as the plugin maps it. */
export async function buildAsDeployed(entry: string, outdir: string): Promise<{ file: string; bytes: number; mapBytes: number; metafile: Metafile }> {
  const { exclude = [], external = [], outputFileExtension = '.js', ...rest } = readService().custom.esbuild;
  const options = Object.fromEntries(Object.entries(rest).filter(([key]) => !PLUGIN_ONLY.includes(key))) as BuildOptions;
  const { metafile } = await build({
    ...options,
    external: [...external, ...exclude],
    outExtension: { '.js': outputFileExtension },
    entryPoints: [join(ROOT, entry)],
    outdir,
    metafile: true,
    logLevel: 'error',
  });
  const file = join(outdir, basename(entry).replace(/\.ts$/, outputFileExtension));
  const map = `${file}.map`;
  return { file, bytes: statSync(file).size, mapBytes: existsSync(map) ? statSync(map).size : 0, metafile };
}
