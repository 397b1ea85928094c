import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** Runs the logger in a process of its own, as a Lambda would, and returns what it wrote where. */
async function logIn(code: string) {
  const script = `import { createLogger } from './src/lib/log.ts';\n${code}`;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: process.cwd(),
    },
  );
  const lines = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stdout: lines(stdout), stderr: lines(stderr) };
}

describe('the JSON logger', () => {
  it("writes one JSON line a call in Powertools' shape, keys carried by children, warnings and errors on stderr", async () => {
    const { stdout, stderr } = await logIn(`
      const log = createLogger({ level: 'INFO', keys: { function: 'http', unset: undefined } });
      log.debug('not written');
      const job = log.with({ jobId: 'j1' });
      job.info('job started', { attempt: 1 });
      const error = Object.assign(new Error('boom'), { code: 'E_BOOM' });
      job.error('job failed', { error });
      const circular = {}; circular.self = circular;
      log.warn('odd extra', { circular });
    `);
    expect(stdout).toEqual([
      {
        level: 'INFO',
        message: 'job started',
        timestamp: expect.any(String),
        service: 'polytomic-slack',
        function: 'http',
        jobId: 'j1',
        attempt: 1,
      },
    ]);
    expect(stderr).toMatchObject([
      {
        level: 'ERROR',
        message: 'job failed',
        jobId: 'j1',
        error: { name: 'Error', message: 'boom', code: 'E_BOOM', stack: expect.stringMatching(/^Error: boom\n\s+at /) },
      },
      { level: 'WARN', message: 'odd extra', extra: 'not serialisable' },
    ]);
    expect(Date.parse(stdout[0]!.timestamp as string)).not.toBeNaN();
  });
});
