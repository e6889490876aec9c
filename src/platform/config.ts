import { resolve } from 'node:path';

/**
 * Configuration from the environment and CLI flags, validated once at start. Values the law may
 * change live here with the legal default (see docs/CONVENTIONS.md).
 */
export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Bodies above this many bytes are imported by a background job (202) instead of inline (200). */
  inlineImportMaxBytes: number;
  /** Largest CSV accepted over HTTP. */
  maxImportBytes: number;
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = overrides.port ?? intFromEnv(env, 'PORT', 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Porta inválida: ${port}`);
  }
  return {
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    dataDir: resolve(overrides.dataDir ?? env.ACERTO_DATA_DIR ?? './data'),
    port,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    inlineImportMaxBytes:
      overrides.inlineImportMaxBytes ?? intFromEnv(env, 'ACERTO_INLINE_IMPORT_MAX_BYTES', 5 * 1024 * 1024),
    maxImportBytes:
      overrides.maxImportBytes ?? intFromEnv(env, 'ACERTO_MAX_IMPORT_BYTES', 1024 * 1024 * 1024),
  };
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`Variável ${name} inválida: "${raw}"`);
  return value;
}
