import { randomFillSync } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids made in one import are
 * nearly sequential, so inserting a million of them appends to the primary-key index instead of
 * touching random pages all over it (gen_random_uuid's v4); they still reveal nothing but a time.
 */
const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;
let lastMs = 0;
let sequence = 0;

export function uuidv7(now: number = Date.now()): string {
  if (offset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  // Within one millisecond a 12-bit counter (seeded randomly) keeps ids in creation order.
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    sequence = pool.readUInt16BE(offset) & 0x7ff;
  }
  const hex = now.toString(16).padStart(12, '0');
  const randA = (0x7000 | sequence).toString(16);
  const variant = ((pool[offset + 2]! & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const rest = pool.toString('hex', offset + 3, offset + 10);
  offset += 10;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${randA}-${variant}${rest.slice(0, 2)}-${rest.slice(2, 14)}`;
}
