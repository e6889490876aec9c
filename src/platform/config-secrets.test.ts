import { describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_LINK_SECRET,
  disabledWebhooks,
  loadConfig,
  messagingFromEnv,
  missingProductionSecrets,
  productionSecretsProblem,
} from './config.ts';

const STRONG = 'x'.repeat(40);
const SMS_CHANNEL = { TRATO_SMS_URL: 'https://api.zenvia.com', TRATO_SMS_TOKEN: 'token' };
const WHATSAPP_CHANNEL = { TRATO_WHATSAPP_PHONE_ID: '123', TRATO_WHATSAPP_TOKEN: 'token' };
const BOTH_CHANNELS = { ...SMS_CHANNEL, ...WHATSAPP_CHANNEL };

describe('secrets in production (issue 10, item 4)', () => {
  it('development keeps the repository default; production has none', () => {
    expect(loadConfig({}, {}).linkSecrets).toEqual([DEVELOPMENT_LINK_SECRET]);
    const prod = loadConfig({}, { NODE_ENV: 'production' });
    expect(prod.production).toBe(true);
    expect(prod.linkSecrets).toEqual([]);
  });

  it('production without link and webhook secrets: one pt-BR line naming every variable', () => {
    const problem = productionSecretsProblem(loadConfig({}, { NODE_ENV: 'production', ...BOTH_CHANNELS }));
    expect(problem).toMatch(/^Em produção/);
    expect(problem).not.toMatch(/\n/);
    for (const name of ['TRATO_LINK_SECRETS', 'TRATO_SMS_WEBHOOK_SECRET', 'TRATO_WHATSAPP_APP_SECRET']) {
      expect(problem).toContain(name);
    }
  });

  it('a webhook secret is required only for a channel in use (its sending settings present)', () => {
    const base = { NODE_ENV: 'production', TRATO_LINK_SECRETS: STRONG };
    // No channel configured: nothing but the link secrets is required.
    expect(missingProductionSecrets(loadConfig({}, base))).toEqual([]);
    expect(productionSecretsProblem(loadConfig({}, base))).toBe(null);
    // SMS in use, WhatsApp not: only the SMS secret.
    expect(missingProductionSecrets(loadConfig({}, { ...base, ...SMS_CHANNEL }))).toEqual([
      'TRATO_SMS_WEBHOOK_SECRET',
    ]);
    expect(missingProductionSecrets(loadConfig({}, { ...base, ...WHATSAPP_CHANNEL }))).toEqual([
      'TRATO_WHATSAPP_APP_SECRET',
    ]);
    expect(
      missingProductionSecrets(loadConfig({}, { ...base, ...SMS_CHANNEL, TRATO_SMS_WEBHOOK_SECRET: STRONG })),
    ).toEqual([]);
    // A secret set for a channel not in use still opens its webhook: it must be strong.
    expect(missingProductionSecrets(loadConfig({}, { ...base, TRATO_WHATSAPP_APP_SECRET: 'curto' }))).toEqual(
      ['TRATO_WHATSAPP_APP_SECRET'],
    );
  });

  it('the repository default or a short secret does not count, even when set explicitly', () => {
    const env = {
      NODE_ENV: 'production',
      TRATO_SMS_WEBHOOK_SECRET: STRONG,
      TRATO_WHATSAPP_APP_SECRET: STRONG,
    };
    expect(
      missingProductionSecrets(loadConfig({}, { ...env, TRATO_LINK_SECRETS: DEVELOPMENT_LINK_SECRET })),
    ).toEqual(['TRATO_LINK_SECRETS']);
    expect(missingProductionSecrets(loadConfig({}, { ...env, TRATO_LINK_SECRETS: 'curto' }))).toEqual([
      'TRATO_LINK_SECRETS',
    ]);
    expect(
      productionSecretsProblem(loadConfig({}, { ...env, TRATO_LINK_SECRETS: `${STRONG},${STRONG}y` })),
    ).toBe(null);
  });

  it('webhook secrets are read even when the channel has no sending settings', () => {
    const messaging = messagingFromEnv({ TRATO_SMS_WEBHOOK_SECRET: 's1', TRATO_WHATSAPP_APP_SECRET: 'w1' });
    expect(messaging.webhookSecrets).toEqual({ sms: 's1', whatsapp: 'w1' });
    expect(messaging.sms).toBeUndefined();
  });

  it('the start banner names the webhooks of channels in use that refuse everything', () => {
    expect(disabledWebhooks(loadConfig({}, BOTH_CHANNELS))).toEqual([
      'SMS (defina TRATO_SMS_WEBHOOK_SECRET)',
      'WhatsApp (defina TRATO_WHATSAPP_APP_SECRET)',
    ]);
    expect(disabledWebhooks(loadConfig({}, { ...BOTH_CHANNELS, TRATO_SMS_WEBHOOK_SECRET: 'abc' }))).toEqual([
      'WhatsApp (defina TRATO_WHATSAPP_APP_SECRET)',
    ]);
    // A channel the agency does not use is not announced as missing a secret.
    expect(disabledWebhooks(loadConfig({}, {}))).toEqual([]);
    expect(disabledWebhooks(loadConfig({}, SMS_CHANNEL))).toEqual(['SMS (defina TRATO_SMS_WEBHOOK_SECRET)']);
  });
});
