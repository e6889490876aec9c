/** A tiny structured logger: one line per event, JSON when not on a terminal. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(options: { json?: boolean; silent?: boolean } = {}): Logger {
  const json = options.json ?? !process.stdout.isTTY;
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (options.silent) return;
    const at = new Date().toISOString();
    const line = json
      ? JSON.stringify({ at, level, message, ...fields })
      : `${at.slice(11, 19)} ${level.padEnd(5)} ${message}${fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : ''}`;
    (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = createLogger({ silent: true });
