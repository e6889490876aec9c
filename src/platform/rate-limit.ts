/**
 * Failed authentications per client address, in a fixed window (in memory, per process: with N
 * processes behind a balancer an address gets up to N times the limit, still far below what guessing
 * a 256-bit token or a 32-character webhook secret would need). Past the limit the address is refused
 * with 429 and Retry-After until the window ends — before its credentials are even checked, so the
 * answers stop telling a right guess from a wrong one.
 */
export interface FailureLimiter {
  /** Seconds to wait when `key` is over the limit, or 0. */
  retryAfter(key: string, now: Date): number;
  fail(key: string, now: Date): void;
}

export function failureLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): FailureLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    return w && now - w.start < options.windowMs ? w : undefined;
  };
  return {
    retryAfter(key, now) {
      const w = current(key, now.getTime());
      if (!w || w.count < options.limit) return 0;
      return Math.max(1, Math.ceil((w.start + options.windowMs - now.getTime()) / 1000));
    },
    fail(key, now) {
      const t = now.getTime();
      const w = current(key, t);
      if (w) {
        w.count += 1;
        return;
      }
      // Bounded memory under a spray of addresses: expired windows go first, then the oldest.
      if (windows.size >= maxKeys) {
        for (const [k, v] of windows) if (t - v.start >= options.windowMs) windows.delete(k);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      }
      windows.set(key, { start: t, count: 1 });
    },
  };
}

/**
 * Requests per tenant in a fixed one-minute window (in memory, per process): one tenant's scripts
 * cannot take every slot of a shared server — on the embedded database, every query of every tenant
 * waits in one line. Over the limit → 429 with Retry-After until the minute ends.
 */
export interface RequestLimiter {
  /**
   * Counts one request; returns the seconds to wait when over the limit, or 0. `perMinute` overrides
   * the limiter's own number for this key (each tenant has its own, set by its admin).
   */
  take(key: string, now: Date, perMinute?: number): number;
}

export function requestLimiter(options: { perMinute: number; maxKeys?: number }): RequestLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  return {
    take(key, now, perMinute = options.perMinute) {
      const t = now.getTime();
      const start = t - (t % 60_000);
      let w = windows.get(key);
      if (!w || w.start !== start) {
        if (!w && windows.size >= maxKeys) windows.clear();
        w = { start, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count > perMinute ? Math.max(1, Math.ceil((start + 60_000 - t) / 1000)) : 0;
    },
  };
}
