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
  /** Base URL of the debtor portal, for the signed links in messages. */
  publicUrl: string;
  /** Secrets that sign message links (first signs, all verify: rotation). */
  linkSecrets: string[];
  messaging: MessagingConfig;
}

/** Channel providers; a channel without settings is reported as "not configured" by the dispatcher. */
export interface MessagingConfig {
  smtp?: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string };
  sms?: { baseUrl: string; apiToken: string; from: string; webhookSecret?: string };
  whatsapp?: {
    baseUrl: string;
    version: string;
    phoneNumberId: string;
    accessToken: string;
    appSecret?: string;
    verifyToken?: string;
  };
}

/** Settings from the environment: ACERTO_SMTP_URL (smtp://user:pass@host:port), ACERTO_MAIL_FROM, ACERTO_SMS_URL, ... */
export function messagingFromEnv(env: NodeJS.ProcessEnv): MessagingConfig {
  const out: MessagingConfig = {};
  if (env.ACERTO_SMTP_URL) {
    const u = new URL(env.ACERTO_SMTP_URL);
    out.smtp = {
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
      secure: u.protocol === 'smtps:',
      ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
      from: env.ACERTO_MAIL_FROM ?? 'Acerto <nao-responda@acerto.local>',
    };
  }
  if (env.ACERTO_SMS_URL && env.ACERTO_SMS_TOKEN) {
    out.sms = {
      baseUrl: env.ACERTO_SMS_URL,
      apiToken: env.ACERTO_SMS_TOKEN,
      from: env.ACERTO_SMS_FROM ?? 'acerto',
      ...(env.ACERTO_SMS_WEBHOOK_SECRET ? { webhookSecret: env.ACERTO_SMS_WEBHOOK_SECRET } : {}),
    };
  }
  if (env.ACERTO_WHATSAPP_PHONE_ID && env.ACERTO_WHATSAPP_TOKEN) {
    out.whatsapp = {
      baseUrl: env.ACERTO_WHATSAPP_URL ?? 'https://graph.facebook.com',
      version: env.ACERTO_WHATSAPP_VERSION ?? 'v21.0',
      phoneNumberId: env.ACERTO_WHATSAPP_PHONE_ID,
      accessToken: env.ACERTO_WHATSAPP_TOKEN,
      ...(env.ACERTO_WHATSAPP_APP_SECRET ? { appSecret: env.ACERTO_WHATSAPP_APP_SECRET } : {}),
      ...(env.ACERTO_WHATSAPP_VERIFY_TOKEN ? { verifyToken: env.ACERTO_WHATSAPP_VERIFY_TOKEN } : {}),
    };
  }
  return out;
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
    publicUrl: overrides.publicUrl ?? env.ACERTO_PUBLIC_URL ?? `http://localhost:${port}`,
    // A development default keeps `npm start` working; production sets ACERTO_LINK_SECRETS (comma-separated).
    linkSecrets: overrides.linkSecrets ?? linkSecretsFrom(env),
    messaging: overrides.messaging ?? messagingFromEnv(env),
  };
}

function linkSecretsFrom(env: NodeJS.ProcessEnv): string[] {
  const list = (env.ACERTO_LINK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : ['desenvolvimento-troque-em-producao'];
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`Variável ${name} inválida: "${raw}"`);
  return value;
}
