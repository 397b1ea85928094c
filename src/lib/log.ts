import { Logger } from '@aws-lambda-powertools/logger';

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

/** Powertools' Logger: JSON lines in CloudWatch, the ecosystem's standard shape. */
export function createLogger(options: { level?: Level; keys?: LogKeys } = {}): Log {
  const logger = new Logger({ serviceName: 'polytomic-slack', logLevel: options.level ?? 'INFO' });
  if (options.keys) logger.appendPersistentKeys(withoutUndefined(options.keys));
  return wrapPowertools(logger);
}

function wrapPowertools(logger: Logger): Log {
  return {
    debug: (message, extra) => logger.debug(message, extra ?? {}),
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
    with: (keys) => {
      const child = logger.createChild();
      child.appendPersistentKeys(withoutUndefined(keys));
      return wrapPowertools(child);
    },
  };
}

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

function serialiseErrors(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(extra).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: value.message, code: (value as { code?: unknown }).code }
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
