import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const SERVICE_FILE = new URL('../serverless.yml', import.meta.url);

export interface Stack {
  stage: string;
  region: string;
  stackName: string;
  tableName: string;
  /** What is left on the command line after --stage and --region. */
  rest: string[];
}

/**
 * The deployed stack a script talks to, named as serverless.yml names it: `--stage` (default dev) and
 * `--region` (default: serverless.yml's) exactly as `npm run deploy` takes them.
 */
export function stackFromArgs(args: string[]): Stack {
  const { values, positionals } = parseArgs({
    args,
    options: { stage: { type: 'string', default: 'dev' }, region: { type: 'string' } },
    allowPositionals: true,
  });
  // CloudFormation tags (!Ref, !GetAtt…) are irrelevant here; only plain values are read.
  const service = parse(readFileSync(SERVICE_FILE, 'utf8'), { logLevel: 'silent' }) as {
    service: string;
    provider: { region: string };
  };
  const defaultRegion = /'([a-z0-9-]+)'\s*\}$/.exec(service.provider.region)?.[1];
  const region = values.region ?? defaultRegion;
  if (!region) throw new Error('pass --region');
  const name = `${service.service}-${values.stage}`;
  return { stage: values.stage, region, stackName: name, tableName: name, rest: positionals };
}
