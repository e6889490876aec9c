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
  /** `NODE_ENV=production`: no development defaults, and the start refuses without the secrets. */
  production: boolean;
  /** Failed authentications per client address in 5 minutes before 429 (TRATO_AUTH_FAILURES_PER_IP). */
  authFailuresPerWindow: number;
  /**
   * Staff API requests per tenant per minute, per process, before 429 (TRATO_TENANT_REQUESTS_PER_MINUTE):
   * the default of every tenant's `requestsPerMinute`, which an admin may change (settings/limits).
   */
  tenantRequestsPerMinute: number;
  /** Default of every tenant's `maxPixPerWebhook`: Pix items in one notification (TRATO_MAX_PIX_PER_WEBHOOK). */
  maxPixPerWebhook: number;
  /**
   * The operator's ceilings: what a tenant's admin may not exceed in `PUT /api/v1/settings/limits`
   * (TRATO_LIMIT_MAX_REQUESTS_PER_MINUTE, TRATO_LIMIT_MAX_UPLOAD_BYTES, TRATO_LIMIT_MAX_PIX_PER_WEBHOOK).
   * Each is at least its default. `maxImportBytes` is the default of `maxUploadBytes`.
   */
  limitCeilings: { requestsPerMinute: number; maxUploadBytes: number; maxPixPerWebhook: number };
  messaging: MessagingConfig;
  /** Ceiling of collection fees (honorários) in percent; a policy choice, default 10 (docs/legal.md). */
  feesCapPercent: string;
  /** SGS series of the taxa legal (CC art. 406) at the Banco Central; unset = not fetched (docs/legal.md). */
  sgsTaxaLegalSeries?: number | undefined;
  /**
   * The tenant (agency slug) whose debtors identify themselves by typing a CPF/CNPJ on the portal
   * (TRATO_PORTAL_TENANT, default "default"). A message link carries its own tenant.
   */
  portalTenant?: string;
}

/** Channel providers; a channel without settings is reported as "not configured" by the dispatcher. */
export interface MessagingConfig {
  /**
   * Secrets that authenticate the providers' callbacks, read even when the channel has no sending
   * settings: without one, that provider's webhook refuses every call (it fails closed).
   * SMS: the value the Zenvia subscription sends in `X-Webhook-Secret`; WhatsApp: the Meta app secret
   * that signs `X-Hub-Signature-256`.
   */
  webhookSecrets?: { sms?: string; whatsapp?: string };
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

/** Settings from the environment: TRATO_SMTP_URL (smtp://user:pass@host:port), TRATO_MAIL_FROM, TRATO_SMS_URL, ... */
export function messagingFromEnv(env: NodeJS.ProcessEnv): MessagingConfig {
  const out: MessagingConfig = {};
  const webhookSecrets: NonNullable<MessagingConfig['webhookSecrets']> = {};
  if (env.TRATO_SMS_WEBHOOK_SECRET) webhookSecrets.sms = env.TRATO_SMS_WEBHOOK_SECRET;
  if (env.TRATO_WHATSAPP_APP_SECRET) webhookSecrets.whatsapp = env.TRATO_WHATSAPP_APP_SECRET;
  if (webhookSecrets.sms || webhookSecrets.whatsapp) out.webhookSecrets = webhookSecrets;
  if (env.TRATO_SMTP_URL) {
    const u = new URL(env.TRATO_SMTP_URL);
    out.smtp = {
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
      secure: u.protocol === 'smtps:',
      ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
      from: env.TRATO_MAIL_FROM ?? 'Trato <nao-responda@trato.local>',
    };
  }
  if (env.TRATO_SMS_URL && env.TRATO_SMS_TOKEN) {
    out.sms = {
      baseUrl: env.TRATO_SMS_URL,
      apiToken: env.TRATO_SMS_TOKEN,
      from: env.TRATO_SMS_FROM ?? 'trato',
      ...(env.TRATO_SMS_WEBHOOK_SECRET ? { webhookSecret: env.TRATO_SMS_WEBHOOK_SECRET } : {}),
    };
  }
  if (env.TRATO_WHATSAPP_PHONE_ID && env.TRATO_WHATSAPP_TOKEN) {
    out.whatsapp = {
      baseUrl: env.TRATO_WHATSAPP_URL ?? 'https://graph.facebook.com',
      version: env.TRATO_WHATSAPP_VERSION ?? 'v21.0',
      phoneNumberId: env.TRATO_WHATSAPP_PHONE_ID,
      accessToken: env.TRATO_WHATSAPP_TOKEN,
      ...(env.TRATO_WHATSAPP_APP_SECRET ? { appSecret: env.TRATO_WHATSAPP_APP_SECRET } : {}),
      ...(env.TRATO_WHATSAPP_VERIFY_TOKEN ? { verifyToken: env.TRATO_WHATSAPP_VERIFY_TOKEN } : {}),
    };
  }
  return out;
}

/**
 * The product was first named Acerto. Its ACERTO_* variables are still read for now: each one set
 * without its TRATO_* counterpart is copied over, and one warning per variable names the new name.
 * Returns the warnings (printed once at start by the CLI).
 */
export function adoptLegacyEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('ACERTO_') || value === undefined) continue;
    const current = `TRATO_${name.slice('ACERTO_'.length)}`;
    if (env[current] === undefined) {
      env[current] = value;
      warnings.push(`Aviso: a variável ${name} está obsoleta; use ${current} (o valor dela foi usado).`);
    } else {
      warnings.push(`Aviso: ${name} foi ignorada porque ${current} está definida; remova ${name}.`);
    }
  }
  return warnings;
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = overrides.port ?? intFromEnv(env, 'PORT', 3000);
  const production = overrides.production ?? env.NODE_ENV === 'production';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Porta inválida: ${port}`);
  }
  const maxImportBytes =
    overrides.maxImportBytes ?? intFromEnv(env, 'TRATO_MAX_IMPORT_BYTES', 1024 * 1024 * 1024);
  const tenantRequestsPerMinute =
    overrides.tenantRequestsPerMinute ?? intFromEnv(env, 'TRATO_TENANT_REQUESTS_PER_MINUTE', 6000);
  const maxPixPerWebhook = overrides.maxPixPerWebhook ?? intFromEnv(env, 'TRATO_MAX_PIX_PER_WEBHOOK', 500);
  return {
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    dataDir: resolve(overrides.dataDir ?? env.TRATO_DATA_DIR ?? './data'),
    port,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    inlineImportMaxBytes:
      overrides.inlineImportMaxBytes ?? intFromEnv(env, 'TRATO_INLINE_IMPORT_MAX_BYTES', 5 * 1024 * 1024),
    maxImportBytes,
    publicUrl: overrides.publicUrl ?? env.TRATO_PUBLIC_URL ?? `http://localhost:${port}`,
    // A development default keeps `npm start` working; production has no default (TRATO_LINK_SECRETS,
    // comma-separated, is required: see missingProductionSecrets).
    linkSecrets: overrides.linkSecrets ?? linkSecretsFrom(env, production),
    production,
    messaging: overrides.messaging ?? messagingFromEnv(env),
    authFailuresPerWindow:
      overrides.authFailuresPerWindow ?? intFromEnv(env, 'TRATO_AUTH_FAILURES_PER_IP', 30),
    tenantRequestsPerMinute,
    maxPixPerWebhook,
    limitCeilings: overrides.limitCeilings ?? {
      requestsPerMinute: ceilingFromEnv(
        env,
        'TRATO_LIMIT_MAX_REQUESTS_PER_MINUTE',
        tenantRequestsPerMinute,
        60_000,
      ),
      maxUploadBytes: ceilingFromEnv(env, 'TRATO_LIMIT_MAX_UPLOAD_BYTES', maxImportBytes, 1024 * 1024 * 1024),
      maxPixPerWebhook: ceilingFromEnv(env, 'TRATO_LIMIT_MAX_PIX_PER_WEBHOOK', maxPixPerWebhook, 1000),
    },
    feesCapPercent: overrides.feesCapPercent ?? percentFromEnv(env, 'TRATO_FEES_CAP_PERCENT', '10'),
    sgsTaxaLegalSeries:
      overrides.sgsTaxaLegalSeries ??
      (env.TRATO_SGS_TAXA_LEGAL ? intFromEnv(env, 'TRATO_SGS_TAXA_LEGAL', 0) || undefined : undefined),
    portalTenant: overrides.portalTenant ?? (env.TRATO_PORTAL_TENANT || 'default'),
  };
}

/** The secret that authenticates a provider's callbacks, wherever it was configured; undefined = none. */
export function providerWebhookSecret(
  messaging: MessagingConfig,
  provider: 'sms' | 'whatsapp',
): string | undefined {
  const secret =
    provider === 'sms'
      ? (messaging.webhookSecrets?.sms ?? messaging.sms?.webhookSecret)
      : (messaging.webhookSecrets?.whatsapp ?? messaging.whatsapp?.appSecret);
  return secret ? secret : undefined;
}

/** The environment variable that holds each provider's webhook secret (for messages to people). */
export const WEBHOOK_SECRET_VARIABLE = {
  sms: 'TRATO_SMS_WEBHOOK_SECRET',
  whatsapp: 'TRATO_WHATSAPP_APP_SECRET',
} as const;

/** Signs links in development only; written in the repository, so never accepted in production. */
export const DEVELOPMENT_LINK_SECRET = 'desenvolvimento-troque-em-producao';
/** Shorter secrets are guessable offline from one link (HMAC-SHA256 of a known payload). */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;

function linkSecretsFrom(env: NodeJS.ProcessEnv, production: boolean): string[] {
  const list = (env.TRATO_LINK_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length > 0 || production) return list;
  return [DEVELOPMENT_LINK_SECRET];
}

/** A channel the agency sends through: its provider's sending settings are present (TRATO_SMS_URL…). */
export function channelConfigured(messaging: MessagingConfig, provider: 'sms' | 'whatsapp'): boolean {
  return provider === 'sms' ? messaging.sms !== undefined : messaging.whatsapp !== undefined;
}

/**
 * The variables production cannot start without (empty list = ready): link secrets (no repository
 * default, each at least 32 characters) and the webhook secret of each channel the agency uses (its
 * sending settings are present). A channel not used needs no secret: its webhook refuses every call
 * without one (it fails closed, 503). A secret that is set is always held to the minimum length, used
 * channel or not: it opens that webhook.
 */
export function missingProductionSecrets(config: Config): string[] {
  const missing: string[] = [];
  if (
    config.linkSecrets.length === 0 ||
    config.linkSecrets.some((s) => s === DEVELOPMENT_LINK_SECRET || s.length < MIN_PRODUCTION_SECRET_LENGTH)
  ) {
    missing.push('TRATO_LINK_SECRETS');
  }
  for (const provider of ['sms', 'whatsapp'] as const) {
    const secret = providerWebhookSecret(config.messaging, provider);
    const required = channelConfigured(config.messaging, provider);
    if ((required && !secret) || (secret && secret.length < MIN_PRODUCTION_SECRET_LENGTH))
      missing.push(WEBHOOK_SECRET_VARIABLE[provider]);
  }
  return missing;
}

/** One pt-BR line for the person starting the server; null when nothing is missing. */
export function productionSecretsProblem(config: Config): string | null {
  if (!config.production) return null;
  const missing = missingProductionSecrets(config);
  if (missing.length === 0) return null;
  return `Em produção (NODE_ENV=production) o Trato não sobe sem segredos próprios: defina ${missing.join(', ')} (cada um com ao menos ${MIN_PRODUCTION_SECRET_LENGTH} caracteres aleatórios; ver docs/security.md).`;
}

/**
 * The start banner: the channels the agency uses (sending settings present) whose webhook refuses
 * every call for lack of a secret. A channel not used is not listed (its webhook refuses too, quietly).
 */
export function disabledWebhooks(config: Config): string[] {
  return (['sms', 'whatsapp'] as const)
    .filter((p) => channelConfigured(config.messaging, p) && !providerWebhookSecret(config.messaging, p))
    .map((p) => `${p === 'sms' ? 'SMS' : 'WhatsApp'} (defina ${WEBHOOK_SECRET_VARIABLE[p]})`);
}

function percentFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(raw) || Number(raw) > 100) {
    throw new Error(`Variável ${name} inválida: "${raw}" (use um percentual de 0 a 100, ex.: 10 ou 12.5)`);
  }
  return raw;
}

/**
 * An operator's ceiling: unset → the larger of the built-in ceiling and the default (a default above the
 * built-in ceiling raises it); set below the default → refused at start (the default would break it).
 */
function ceilingFromEnv(env: NodeJS.ProcessEnv, name: string, defaultValue: number, builtIn: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return Math.max(defaultValue, builtIn);
  const value = intFromEnv(env, name, builtIn);
  if (value < defaultValue)
    throw new Error(
      `Variável ${name} inválida: "${raw}" é menor que o padrão dos tenants (${defaultValue}); aumente-a ou diminua o padrão.`,
    );
  return value;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`Variável ${name} inválida: "${raw}"`);
  return value;
}
