import { describe, expect, it } from 'vitest';
import { pixTimingProblem } from './intake.rules.ts';

const NOW = new Date('2026-11-23T15:00:00Z');
const at = (iso: string) => new Date(iso);

describe('pixTimingProblem', () => {
  it('applies what arrives within 24 h after, or 5 min before, now', () => {
    expect(pixTimingProblem(at('2026-11-23T14:59:00Z'), NOW)).toBeNull();
    expect(pixTimingProblem(at('2026-11-22T15:00:00Z'), NOW)).toBeNull();
    expect(pixTimingProblem(at('2026-11-23T15:05:00Z'), NOW)).toBeNull();
  });
  it('holds for review one older than 24 h or more than 5 min ahead', () => {
    expect(pixTimingProblem(at('2026-11-22T14:59:59Z'), NOW)).toMatch(/24 horas/);
    expect(pixTimingProblem(at('2025-01-01T00:00:00Z'), NOW)).toMatch(/revisão/);
    expect(pixTimingProblem(at('2026-11-23T15:05:01Z'), NOW)).toMatch(/futuro/);
  });
});
