/** A tiny structured logger: one line per event, JSON when not on a terminal. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Personal documents never reach a log in full: a URL such as `/api/v1/debtors?document=52998224725`
 * or an error message that quotes a CPF is masked as `529.***.***-25` before it is written (LGPD art. 46:
 * logs are copied to places with weaker access control than the database). CPFs (11 digits, with or
 * without punctuation) and CNPJs (14, numeric or alphanumeric) standing alone are masked; longer digit
 * runs (barcodes, ids) are left alone.
 */
const CPF_LIKE = /(?<![0-9A-Za-z])(\d{3})\.?\d{3}\.?\d{3}-?(\d{2})(?![0-9A-Za-z])/g;
const CNPJ_LIKE =
  /(?<![0-9A-Za-z])([0-9A-Z]{2})\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}\/?[0-9A-Z]{4}-?(\d{2})(?![0-9A-Za-z])/g;

export function maskDocuments(text: string): string {
  return text
    .replace(CNPJ_LIKE, (match, head: string, tail: string) =>
      /\d/.test(match) && /^[0-9A-Z./-]+$/.test(match) && match.replace(/\W/g, '').length === 14
        ? `${head}.***.***/****-${tail}`
        : match,
    )
    .replace(CPF_LIKE, (_m, head: string, tail: string) => `${head}.***.***-${tail}`);
}

function masked(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskDocuments(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => masked(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, depth + 1)]));
}

export function createLogger(options: { json?: boolean; silent?: boolean } = {}): Logger {
  const json = options.json ?? !process.stdout.isTTY;
  const write = (level: string, rawMessage: string, rawFields?: Record<string, unknown>) => {
    if (options.silent) return;
    const message = maskDocuments(rawMessage);
    const fields = rawFields ? (masked(rawFields) as Record<string, unknown>) : undefined;
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
