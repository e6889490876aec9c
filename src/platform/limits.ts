import type { Config } from './config.ts';

/**
 * What one tenant may take of a shared server (issue 10 item 8): requests per minute on the staff
 * API, bytes per uploaded file (portfolio imports, CNAB return files, index tables) and Pix items per
 * webhook notification. Defaults come from the environment; a tenant's admin may change them within the
 * operator's ceilings (identity owns the stored values; the kernel only applies them).
 */
export interface TenantLimits {
  requestsPerMinute: number;
  maxUploadBytes: number;
  maxPixPerWebhook: number;
}

export const LIMIT_KEYS = ['requestsPerMinute', 'maxUploadBytes', 'maxPixPerWebhook'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

/** Every tenant's limits until its admin changes them (the environment's values). */
export function defaultTenantLimits(config: Config): TenantLimits {
  return {
    requestsPerMinute: config.tenantRequestsPerMinute,
    maxUploadBytes: config.maxImportBytes,
    maxPixPerWebhook: config.maxPixPerWebhook,
  };
}

/** "1,5 MB", "200 KB", "12 bytes": sizes in the messages people read. */
export function formatBytes(bytes: number): string {
  const fmt = (n: number) => n.toLocaleString('pt-BR', { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024 * 1024) return `${fmt(bytes / 1024 / 1024 / 1024)} GB`;
  if (bytes >= 1024 * 1024) return `${fmt(bytes / 1024 / 1024)} MB`;
  if (bytes >= 1024) return `${fmt(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * A small per-process cache with a time to live: the hot path (every request) reads a tenant's limits
 * from memory, the database at most once per TTL per tenant. A change made in this process is seen at
 * once (`delete`); one made in another process, within the TTL. `now` is a monotonic clock in ms.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  constructor(private readonly options: { ttlMs: number; maxEntries?: number; now?: () => number }) {}

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at >= this.options.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= (this.options.maxEntries ?? 10_000) && !this.entries.has(key))
      this.entries.clear();
    this.entries.set(key, { value, at: this.now() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
