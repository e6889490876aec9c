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

describe('secrets in production (issue 10, item 4)', () => {
  it('development keeps the repository default; production has none', () => {
    expect(loadConfig({}, {}).linkSecrets).toEqual([DEVELOPMENT_LINK_SECRET]);
    const prod = loadConfig({}, { NODE_ENV: 'production' });
    expect(prod.production).toBe(true);
    expect(prod.linkSecrets).toEqual([]);
  });

  it('production without link and webhook secrets: one pt-BR line naming every variable', () => {
    const problem = productionSecretsProblem(loadConfig({}, { NODE_ENV: 'production' }));
    expect(problem).toMatch(/^Em produção/);
    expect(problem).not.toMatch(/\n/);
    for (const name of ['TRATO_LINK_SECRETS', 'TRATO_SMS_WEBHOOK_SECRET', 'TRATO_WHATSAPP_APP_SECRET']) {
      expect(problem).toContain(name);
    }
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

  it('development: the start banner names the webhooks that refuse everything', () => {
    expect(disabledWebhooks(loadConfig({}, {}))).toEqual([
      'SMS (defina TRATO_SMS_WEBHOOK_SECRET)',
      'WhatsApp (defina TRATO_WHATSAPP_APP_SECRET)',
    ]);
    expect(disabledWebhooks(loadConfig({}, { TRATO_SMS_WEBHOOK_SECRET: 'abc' }))).toEqual([
      'WhatsApp (defina TRATO_WHATSAPP_APP_SECRET)',
    ]);
  });
});
