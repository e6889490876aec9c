import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findControlCharacters, hasControlCharacters } from './control-chars.ts';

describe('control characters', () => {
  it('NUL, ESC, DEL and C1 are control characters; tab, line feed and carriage return are text', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085'])
      expect(hasControlCharacters(`a${c}b`)).toBe(true);
    expect(hasControlCharacters('linha 1\r\n\tlinha 2 — ação')).toBe(false);
  });

  it('finds the path inside plain objects and arrays, keys included', () => {
    expect(findControlCharacters({ a: { b: ['ok', 'x\u0000'] } })).toBe('a.b[1]');
    expect(findControlCharacters({ 'k\u0000': 1 })).toBe('k\u0000');
    expect(findControlCharacters(Object.assign(Object.create(null), { q: '\u0001' }))).toBe('q');
    expect(findControlCharacters({ a: 'ok', n: 1, z: null })).toBeNull();
  });

  it('does not walk streams, buffers or other objects (a raw upload is its parser’s job)', () => {
    expect(findControlCharacters(Readable.from(['\u0000']))).toBeNull();
    expect(findControlCharacters(Buffer.from([0]))).toBeNull();
  });
});
