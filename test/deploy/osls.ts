import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions, Metafile } from 'esbuild';
import { build } from 'esbuild';
import { parse } from 'yaml';
import yauzl from 'yauzl';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGED = join(ROOT, '.serverless');
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

/** `osls package` for the default stage and region, once per test run (test/setup/package-service.ts), so every test reads what a deploy would upload. */
export const packageService = (): Promise<string> => osls(['package']);

/** The CloudFormation template `osls package` generated. */
export const packagedTemplate = (): Json =>
  JSON.parse(readFileSync(join(PACKAGED, 'cloudformation-template-update-stack.json'), 'utf8'));

/** Unpacks a function's deployment package, as Lambda does before starting it. */
export async function unpackFunction(name: string, into: string): Promise<void> {
  const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(join(PACKAGED, `${name}.zip`), {
    lazyEntries: true,
  });
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject).on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const target = join(into, entry.fileName);
        mkdirSync(dirname(target), { recursive: true });
        pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
}

// serverless-esbuild's own options, which it removes before calling esbuild (its dist/bundle.js).
const PLUGIN_ONLY = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'config',
];

export interface Service {
  custom: {
    esbuild: Record<string, unknown> & { exclude?: string[]; external?: string[]; outputFileExtension?: string };
  };
  provider: { environment: Record<string, unknown> };
  functions: Record<string, { handler: string }>;
}

/** serverless.yml's plain values; CloudFormation tags (!Ref…) are read as plain values too and not used. */
export function readService(): Service {
  return parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as Service;
}

/** Bundles one entry point as `osls package` does: serverless.yml's custom.esbuild, mapped as the plugin maps it. */
export async function buildAsDeployed(
  entry: string,
  outdir: string,
): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const { exclude = [], external = [], outputFileExtension = '.js', ...rest } = readService().custom.esbuild;
  const options = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !PLUGIN_ONLY.includes(key)),
  ) as BuildOptions;
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
  return { file, bytes: statSync(file).size, metafile };
}
