export type LogKeys = Record<string, string | number | boolean | undefined>;

/** The logging port: structured lines that carry the job and Slack ids, never tokens or secrets. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  /** A logger whose every line also carries `keys`. */
  with(keys: LogKeys): Log;
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const LEVELS: readonly Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * JSON lines, one per call, in the shape of Powertools' Logger (`level`, `message`, `timestamp`, `service`, then
 * the keys and the extra fields; errors with their stack), which CloudWatch's metric filters read
 * (`{ $.level = "ERROR" }`). Written straight to stdout (warnings and errors to stderr), so Lambda adds no
 * prefix. Its own ~30 lines rather than Powertools: that import was ~15 ms of every cold start (README, Benchmarks).
 */
export function createLogger(options: { level?: Level; keys?: LogKeys } = {}): Log {
  const threshold = LEVELS.indexOf(options.level ?? 'INFO');
  const withKeys = (keys: Record<string, string | number | boolean>): Log => {
    const write = (level: Level) => (message: string, extra?: Record<string, unknown>) => {
      if (LEVELS.indexOf(level) < threshold) return;
      const line = { level, message, timestamp: new Date().toISOString(), service: SERVICE, ...keys };
      let text: string;
      try {
        text = `${JSON.stringify({ ...line, ...serialiseErrors(extra, { stack: true }) })}\n`;
      } catch {
        // A circular or BigInt field: the line still goes out, without its extra fields.
        text = `${JSON.stringify({ ...line, extra: 'not serialisable' })}\n`;
      }
      (level === 'WARN' || level === 'ERROR' ? process.stderr : process.stdout).write(text);
    };
    return {
      debug: write('DEBUG'),
      info: write('INFO'),
      warn: write('WARN'),
      error: write('ERROR'),
      with: (more) => withKeys({ ...keys, ...withoutUndefined(more) }),
    };
  };
  return withKeys(withoutUndefined(options.keys ?? {}));
}

const SERVICE = 'polytomic-slack';

export interface LogLine {
  level: Level;
  message: string;
  [key: string]: unknown;
}

/** Keeps lines in memory: tests read them to check ids are present and secrets absent. */
export function createMemoryLogger(lines: LogLine[] = [], keys: LogKeys = {}): Log & { lines: LogLine[] } {
  const write = (level: Level) => (message: string, extra?: Record<string, unknown>) => {
    lines.push({ level, message, ...withoutUndefined(keys), ...serialiseErrors(extra) });
  };
  return {
    lines,
    debug: write('DEBUG'),
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    with: (more) => createMemoryLogger(lines, { ...keys, ...more }),
  };
}

/** An Error as a plain object (JSON drops its own fields): name, message, code, and where it was thrown when asked. */
function serialiseErrors(
  extra: Record<string, unknown> = {},
  options: { stack?: boolean } = {},
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(extra).map(([key, value]) => [
      key,
      value instanceof Error
        ? {
            name: value.name,
            message: value.message,
            code: (value as { code?: unknown }).code,
            ...(options.stack ? { stack: value.stack } : {}),
          }
        : value,
    ]),
  );
}

function withoutUndefined(keys: LogKeys): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number | boolean
  >;
}
