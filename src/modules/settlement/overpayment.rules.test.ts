import { describe, expect, it } from 'vitest';
import { overpaymentRefund } from './overpayment.rules.ts';

// IPCA: 2026-03 0,50%; 2026-04 0,40%; 2026-05 missing.
const ipca = new Map([
  ['2026-03', '0.50'],
  ['2026-04', '0.40'],
]);

describe('overpaymentRefund (CDC art. 42 sole paragraph; issue #12 item 11)', () => {
  it('a charge re-issued after payment: double, corrected by IPCA, by hand', () => {
    // 2 × 15000 = 30000; × 1,005 × 1,004 = 30000 × 1,00902 = 30270,60 → 30271 (half-even on ,60 → up).
    const r = overpaymentRefund({
      creditCents: 15_000,
      cause: 'platform_reissued_charge',
      justifiable: false,
      paidOn: '2026-03-10',
      refundOn: '2026-05-05',
      ipca,
    });
    expect(r).toMatchObject({ refundCents: 30_271, multiplier: 2, correctionCents: 271, missingMonths: [] });
    expect(r.explanation).toContain('devolução em dobro');
    expect(r.legalBasis).toContain('CDC art. 42, parágrafo único');
  });

  it('documented as a justifiable error: single, corrected', () => {
    // 15000 × 1,00902 = 15135,30 → 15135.
    const r = overpaymentRefund({
      creditCents: 15_000,
      cause: 'platform_computation_error',
      justifiable: true,
      paidOn: '2026-03-10',
      refundOn: '2026-05-05',
      ipca,
    });
    expect(r).toMatchObject({ refundCents: 15_135, multiplier: 1, correctionCents: 135 });
  });

  it('the debtor paid twice: the credit, corrected; missing months are listed and count zero', () => {
    // 2026-04 0,40% and 2026-05 missing: 10000 × 1,004 = 10040.
    const r = overpaymentRefund({
      creditCents: 10_000,
      cause: 'debtor',
      justifiable: false,
      paidOn: '2026-04-01',
      refundOn: '2026-06-01',
      ipca,
    });
    expect(r).toMatchObject({ refundCents: 10_040, multiplier: 1, missingMonths: ['2026-05'] });
    expect(r.explanation).toContain('2026-05');
  });

  it('refunded in the month of payment: no correction', () => {
    const r = overpaymentRefund({
      creditCents: 10_000,
      cause: 'platform_reissued_charge',
      justifiable: false,
      paidOn: '2026-03-10',
      refundOn: '2026-03-31',
      ipca,
    });
    expect(r).toMatchObject({ refundCents: 20_000, correctionCents: 0 });
  });
});
