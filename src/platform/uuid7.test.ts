import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.ts';
import { uuidv7 } from './uuid7.ts';

describe('uuidv7', () => {
  it('is a valid RFC 9562 version 7 UUID carrying the timestamp', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0, 0);
    const id = uuidv7(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('is unique and sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(1_000_000 + Math.floor(i / 1000)));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
