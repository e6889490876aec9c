import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { defaultTenantLimits, formatBytes, TtlCache } from './limits.ts';

describe('tenant limits: defaults and ceilings from the environment', () => {
  it('the existing variables are the defaults; ceilings are at least the defaults', () => {
    const c = loadConfig(
      {},
      {
        TRATO_TENANT_REQUESTS_PER_MINUTE: '300',
        TRATO_MAX_IMPORT_BYTES: '2097152',
        TRATO_MAX_PIX_PER_WEBHOOK: '50',
      },
    );
    expect(defaultTenantLimits(c)).toEqual({
      requestsPerMinute: 300,
      maxUploadBytes: 2_097_152,
      maxPixPerWebhook: 50,
    });
    expect(c.limitCeilings).toEqual({
      requestsPerMinute: 60_000,
      maxUploadBytes: 1024 ** 3,
      maxPixPerWebhook: 1000,
    });
    const d = loadConfig({}, {});
    expect(defaultTenantLimits(d)).toEqual({
      requestsPerMinute: 6000,
      maxUploadBytes: 1024 ** 3,
      maxPixPerWebhook: 500,
    });
  });

  it('the operator sets the ceilings; one below the default is refused at start', () => {
    const c = loadConfig({}, { TRATO_LIMIT_MAX_PIX_PER_WEBHOOK: '800' });
    expect(c.limitCeilings.maxPixPerWebhook).toBe(800);
    expect(() => loadConfig({}, { TRATO_LIMIT_MAX_PIX_PER_WEBHOOK: '100' })).toThrow(
      /TRATO_LIMIT_MAX_PIX_PER_WEBHOOK.*menor que o padrão/,
    );
    // A default above the built-in ceiling raises it.
    expect(loadConfig({}, { TRATO_MAX_PIX_PER_WEBHOOK: '2000' }).limitCeilings.maxPixPerWebhook).toBe(2000);
  });
});

describe('TtlCache', () => {
  it('serves a value until its time to live passes; delete forgets it at once', () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 10_000, now: () => now });
    cache.set('a', 1);
    now = 9_999;
    expect(cache.get('a')).toBe(1);
    now = 10_000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('stays bounded', () => {
    const cache = new TtlCache<number>({ ttlMs: 10_000, maxEntries: 2, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('c')).toBe(3);
    expect(cache.get('a')).toBeUndefined();
  });
});

it('formatBytes', () => {
  expect(formatBytes(1024 * 1024)).toBe('1 MB');
  expect(formatBytes(1536 * 1024)).toBe('1,5 MB');
  expect(formatBytes(500)).toBe('500 bytes');
});
