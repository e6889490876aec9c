import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../platform/document.ts';
import { dischargeDocument, receiptDocument } from './documents.rules.ts';

const creditor = { name: 'Loja Teste Ltda', document: '11222333000181', address: 'Rua das Flores, 100' };
const agency = ['Cobrança Boa Serviços Ltda (Cobrança Boa) — CNPJ 35.254.284/8326-02', 'Av. Paulista, 1000'];
const debtor = { name: 'Maria Souza', document: '52998224725' };

/** The receipt of a R$ 100,00 Pix on installment 1 of 2, with what a test changes. */
const receipt = (extra: Partial<Parameters<typeof receiptDocument>[0]> = {}) =>
  receiptDocument({
    paymentId: 'p1',
    paidAt: '2026-11-23T15:00:00Z',
    method: 'Pix',
    amountCents: 10_000,
    appliedCents: 10_000,
    debtAppliedCents: 0,
    creditCents: 0,
    creditor,
    agency,
    debtor,
    agreementId: 'a1',
    installmentNumber: 1,
    installmentsCount: 2,
    reference: null,
    issuedAt: '2026-11-23T15:00:00Z',
    ...extra,
  });

/** The discharge letter of agreement a1 (R$ 100,00, paid off on 23/11/2026). */
const discharge = () =>
  dischargeDocument({
    agreementId: 'a1',
    agreementDate: '2026-11-01',
    paidOff: '2026-11-23',
    creditor,
    agency,
    debtor,
    debts: [],
    totalCents: 10_000,
    discountCents: 0,
    payments: [],
  });

describe('receipt and discharge letter identify the agency (CDC art. 42-A)', () => {
  it('both carry the agency block with name, CNPJ and address', () => {
    for (const doc of [receipt(), discharge()]) {
      const html = renderHtml(doc);
      expect(html).toContain('Assessoria de cobrança');
      expect(html).toContain('CNPJ 35.254.284/8326-02');
      expect(html).toContain('Av. Paulista, 1000');
    }
  });
});

describe('receipt carries the items of Código Civil art. 320 (issue #12 item 17)', () => {
  it('value, the debt, who paid, time and place, and who gives it', () => {
    const html = renderHtml(
      receipt({
        reference: 'E2E E123',
        debts: [{ externalId: 'M-1', product: 'Cartão' }],
        place: 'pagamento eletrônico recebido por Loja Teste Ltda, Rua das Flores, 100',
        payerInfo: 'João Souza',
      }),
    );
    expect(html).toContain(
      'Valor recebido: R$ 100,00, em 23/11/2026 às 12:00 (horário de Brasília), por Pix.',
    );
    expect(html).toContain('acordo nº a1 (Cartão, contrato M-1)');
    expect(html).toContain('Pago por: João Souza.');
    expect(html).toContain('Lugar do pagamento: pagamento eletrônico recebido por Loja Teste Ltda');
    expect(html).toContain('Quitação dada por Loja Teste Ltda (CNPJ 11.222.333/0001-81)');
    expect(html).toContain('Maria Souza');
  });

  it('the discharge letter counts Súmula 548 from the first business day after the funds are available', () => {
    const html = renderHtml(discharge());
    expect(html).toContain('contados do primeiro dia útil após a compensação do pagamento (STJ, Súmula 548)');
  });
});
