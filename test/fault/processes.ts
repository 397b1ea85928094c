import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

const TAIL_LINES = 60;
const alive = new Set<ChildProcess>();

// Whatever way the test worker ends, it takes its children with it: no bot or simulator outlives the suite.
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface RunningProcess {
  pid: number;
  /** Resolves with the signal (or exit code) once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** The last lines it wrote, stdout and stderr interleaved. */
  tail(): string[];
  kill(): Promise<void>;
}

/** Runs a TypeScript entry point as `node --import tsx <entry>`: one process, so its pid is the program's own. */
export function startTsProcess(entry: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      alive.delete(child);
      resolve(signal ?? code);
    }),
  );
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  return {
    pid: child.pid,
    exited,
    tail: () => [...lines],
    async kill() {
      if (alive.has(child)) child.kill('SIGKILL');
      await exited;
    },
  };
}
