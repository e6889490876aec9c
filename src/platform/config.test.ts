import { describe, expect, it } from 'vitest';
import { adoptLegacyEnv, loadConfig } from './config.ts';

describe('adoptLegacyEnv (the product was renamed from Acerto to Trato)', () => {
  it('reads an ACERTO_* variable as its TRATO_* name and warns once naming the new variable', () => {
    const env: NodeJS.ProcessEnv = { ACERTO_PUBLIC_URL: 'https://portal.exemplo.com.br' };
    const warnings = adoptLegacyEnv(env);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('TRATO_PUBLIC_URL');
    expect(loadConfig({}, env).publicUrl).toBe('https://portal.exemplo.com.br');
  });

  it('prefers the TRATO_* variable when both are set, and says the old one was ignored', () => {
    const env: NodeJS.ProcessEnv = { ACERTO_PUBLIC_URL: 'https://velho', TRATO_PUBLIC_URL: 'https://novo' };
    const warnings = adoptLegacyEnv(env);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ignorada');
    expect(loadConfig({}, env).publicUrl).toBe('https://novo');
  });

  it('says nothing when only TRATO_* variables are used', () => {
    expect(adoptLegacyEnv({ TRATO_PUBLIC_URL: 'https://novo' })).toEqual([]);
  });
});
