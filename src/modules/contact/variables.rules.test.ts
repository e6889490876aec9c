import { describe, expect, it } from 'vitest';
import type { AgencyProfile } from '../agency/index.ts';
import { VARIABLES } from '../messaging/index.ts';
import {
  formatVerificationCode,
  type MessageVariablesInput,
  messageVariables,
  verificationFooter,
} from './variables.rules.ts';

const agency: AgencyProfile = {
  legalName: 'Quitar Recuperação de Crédito Ltda',
  tradeName: 'Quitar',
  document: '12345678000195',
  address: null,
  phone: '+551133334444',
  email: 'contato@quitar.com.br',
  whatsapp: '+5511987654321',
  website: null,
  configured: true,
  updatedAt: null,
};

const base: MessageVariablesInput = {
  debtor: { name: 'Maria  da Silva Souza' },
  agency,
  creditor: {
    name: 'Loja Teste Ltda',
    document: '11222333000181',
    address: {
      street: 'Rua A',
      number: '10',
      district: 'Centro',
      city: 'São Paulo',
      state: 'SP',
      zipCode: '01001000',
    },
  },
  debts: [
    { product: 'Cartão', externalId: 'C-1', dueDate: '2026-03-10' },
    { product: null, externalId: 'C-2', dueDate: '2026-04-10' },
  ],
  installment: null,
  payment: null,
};

describe('messageVariables', () => {
  it('fills a debt message: names, the CDC art. 42-A identification, the total in reais, the first due date', () => {
    expect(messageVariables(base, 'https://trato.example/l/abc', 123_456)).toEqual({
      nome: 'Maria  da Silva Souza',
      primeiro_nome: 'Maria',
      link: 'https://trato.example/l/abc',
      agencia: 'Quitar',
      agencia_contato: 'WhatsApp (11) 98765-4321',
      credor: 'Loja Teste Ltda',
      credor_cnpj: '11.222.333/0001-81',
      credor_endereco: 'Rua A, 10 - Centro, São Paulo/SP, CEP 01001-000',
      valor_total: 'R$ 1.234,56',
      quantidade_dividas: '2',
      // The product when the import had one, else the creditor's reference.
      descricao_divida: 'Cartão, C-2',
      vencimento: '10/03/2026',
      // No installment: the amount due is the whole balance.
      valor_parcela: 'R$ 1.234,56',
      numero_parcela: '',
      desconto: '',
      // No verification code on this message.
      codigo_verificacao: '',
    });
  });

  it('an installment message shows what is left of that installment and its due date; a payment, what was paid', () => {
    const v = messageVariables(
      {
        ...base,
        agency: { ...agency, whatsapp: null },
        installment: { number: 2, dueDate: '2026-12-10', amountCents: 50_000, paidCents: 12_345 },
        payment: { amountCents: 37_655, paidDate: '2026-12-09' },
      },
      'L',
      0,
    );
    expect(v).toMatchObject({
      vencimento: '10/12/2026',
      valor_parcela: 'R$ 376,55',
      numero_parcela: '2',
      valor_total: 'R$ 0,00',
      valor_pago: 'R$ 376,55',
      data_pagamento: '09/12/2026',
      // Without WhatsApp, the agency is reached by phone.
      agencia_contato: '(11) 3333-4444',
    });
  });

  it('a one-word name is its own first name; payment variables only exist for a payment message', () => {
    const v = messageVariables({ ...base, debtor: { name: 'Cher' } }, 'L', 100);
    expect(v.primeiro_nome).toBe('Cher');
    expect(v).not.toHaveProperty('valor_pago');
    expect(v).not.toHaveProperty('data_pagamento');
  });

  it('fills only variables that templates know (messaging VARIABLES)', () => {
    const filled = Object.keys(
      messageVariables({ ...base, payment: { amountCents: 1, paidDate: '2026-01-01' } }, 'L', 1),
    );
    expect(filled.length).toBeGreaterThan(10);
    for (const name of filled) expect(Object.keys(VARIABLES)).toContain(name);
  });

  it('the verification code is printed in groups of four, and the footer says where to check it', () => {
    expect(formatVerificationCode('A1B2C3D4E5F6')).toBe('A1B2-C3D4-E5F6');
    expect(messageVariables(base, 'L', 1, 'A1B2C3D4E5F6').codigo_verificacao).toBe('A1B2-C3D4-E5F6');
    expect(verificationFooter(null, 'https://x')).toEqual({});
    expect(verificationFooter('A1B2C3D4E5F6', 'https://portal.example/').footer).toContain(
      'https://portal.example/portal/verificar',
    );
  });
});
