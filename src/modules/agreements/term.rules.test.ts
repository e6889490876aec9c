import { describe, expect, it } from 'vitest';
import { TERM_PRESCRIBED_NOTICE, type TermData, termDocument, termSummaryRows } from './term.rules.ts';

const term: TermData = {
  agreementId: 'a1',
  createdAt: '2026-11-23T15:00:00.000Z',
  creditor: { name: 'Loja Teste Ltda', document: '11222333000181', address: 'Rua das Flores, 100' },
  agency: ['Trato Cobranças'],
  debtor: { name: 'Maria da Silva', document: '52998224725' },
  debts: [{ externalId: 'M-1', product: null, originalAmountCents: 100_000, dueDate: '2026-11-10' }],
  balanceCents: 100_000,
  discountCents: 0,
  totalCents: 101_993,
  downPaymentCents: 0,
  monthlyRatePercent: 1,
  cetAnnualPercent: 12.6,
  graceDays: 10,
  installments: [
    { number: 1, dueDate: '2026-12-23', amountCents: 33_998 },
    { number: 2, dueDate: '2027-01-25', amountCents: 33_998 },
    { number: 3, dueDate: '2027-02-23', amountCents: 33_997 },
  ],
  effectiveAnnualRatePercent: 12,
  interestMethod: 'simple',
  offerValidityDays: 7,
  includesPrescribedDebt: true,
};

describe('termDocument: the summary box opens the term (CDC art. 54-B; issue #12 item 9)', () => {
  it('total, installments, monthly and annual rate, CET, late charges, early settlement, offer validity', () => {
    expect(termSummaryRows(term)).toEqual([
      ['Total a pagar', 'R$ 1.019,93'],
      ['Pagamentos', '3 parcelas de R$ 339,97 a R$ 339,98'],
      ['Taxa de juros mensal', '1% ao mês (juros simples, sem capitalização)'],
      ['Taxa efetiva anual', '12% ao ano'],
      ['Custo Efetivo Total (CET)', '12,6% ao ano'],
      [
        'Atraso de parcela',
        'sem multa nem juros sobre a parcela; após 10 dia(s) sem pagamento o acordo é desfeito e o desconto deixa de valer, abatido tudo o que foi pago',
      ],
      [
        'Quitação antecipada',
        'permitida a qualquer momento, com redução proporcional dos juros (CDC art. 52 §2º)',
      ],
      ['Validade da oferta', '7 dias (CDC art. 54-B: no mínimo 2)'],
    ]);
    const doc = termDocument(term);
    expect(doc.blocks[0]).toEqual({ kind: 'heading', text: 'Quadro-resumo (CDC art. 54-B)' });
    expect(doc.blocks[1]).toMatchObject({ kind: 'table' });
  });

  it('a prescribed debt: the CC art. 191 notice right after the box (issue #12 item 7)', () => {
    expect(TERM_PRESCRIBED_NOTICE).toBe(
      'Esta dívida está prescrita: você não é obrigado a pagá-la. Ao fechar um acordo, você renuncia à prescrição (Código Civil, art. 191).',
    );
    expect(termDocument(term).blocks[2]).toEqual({
      kind: 'paragraph',
      text: [{ strong: TERM_PRESCRIBED_NOTICE }],
    });
    const fresh = termDocument({ ...term, includesPrescribedDebt: false });
    expect(JSON.stringify(fresh)).not.toContain('art. 191');
  });

  it('equal installments and a down payment read as such', () => {
    const rows = termSummaryRows({
      ...term,
      downPaymentCents: 10_000,
      installments: [
        { number: 1, dueDate: '2026-12-23', amountCents: 10_000 },
        { number: 2, dueDate: '2027-01-25', amountCents: 20_000 },
        { number: 3, dueDate: '2027-02-23', amountCents: 20_000 },
      ],
    });
    expect(rows[1]).toEqual(['Pagamentos', 'entrada de R$ 100,00 + 2 × R$ 200,00']);
  });
});

describe('termDocument: index months that counted as zero (issue #10 item 13)', () => {
  it('says them right after the balance, and says nothing when there are none', () => {
    const note =
      'Meses ainda sem índice publicado ou carregado contaram como zero, a seu favor: IPCA de dez/2025.';
    const text = (t: TermData) => JSON.stringify(termDocument(t));
    expect(text({ ...term, indexNote: note })).toContain(note);
    expect(text(term)).not.toContain('contaram como zero');
  });
});
