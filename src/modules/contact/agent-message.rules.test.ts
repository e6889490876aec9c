import { describe, expect, it } from 'vitest';
import { agentMessageText } from './agent-message.rules.ts';

const vars = {
  agencia: 'Cobrança Boa',
  credor: 'Loja Alfa',
  credor_documento: 'CNPJ 11.222.333/0001-81',
  credor_endereco: 'Rua das Flores, 100 - Centro, São Paulo/SP, CEP 01001-000',
  link: 'https://portal.trato.test/l/abc.def',
};
const BREAKDOWN = 'Valor original R$ 500,00 + multa R$ 10,00 = total R$ 510,00';
const base = {
  text: 'Olá, Carioca. Podemos conversar sobre o débito com a Loja Alfa? Responda quando puder.',
  identityVerified: true,
  vars,
  breakdown: BREAKDOWN,
};

describe("an agent's message identifies the creditor and itemises as templates do (issue #12 item 15)", () => {
  it('RJ SMS: who sends for whom and the signed link; the breakdown is behind the link', () => {
    expect(agentMessageText({ ...base, channel: 'sms', uf: 'RJ' })).toBe(
      `${base.text}\n\nCobrança Boa, em nome de Loja Alfa. Credor e detalhes: https://portal.trato.test/l/abc.def`,
    );
  });

  it('SP e-mail: the full identification line; RJ e-mail and PE WhatsApp add the breakdown', () => {
    const id =
      'Esta mensagem é enviada por Cobrança Boa em nome de Loja Alfa, CNPJ 11.222.333/0001-81, Rua das Flores, 100 - Centro, São Paulo/SP, CEP 01001-000.';
    expect(agentMessageText({ ...base, channel: 'email', uf: 'SP' })).toBe(`${base.text}\n\n${id}`);
    expect(agentMessageText({ ...base, channel: 'email', uf: 'RJ' })).toBe(
      `${base.text}\n\n${id}\n\nDetalhamento do valor: ${BREAKDOWN}.`,
    );
    expect(agentMessageText({ ...base, channel: 'whatsapp', uf: 'PE' })).toBe(
      `${base.text}\n\nCredor: Loja Alfa, CNPJ 11.222.333/0001-81, Rua das Flores, 100 - Centro, São Paulo/SP, CEP 01001-000.\n\nDetalhamento do valor: ${BREAKDOWN}.`,
    );
  });

  it('unverified identity: the text as typed, nothing about the debt added', () => {
    expect(agentMessageText({ ...base, channel: 'email', uf: 'RJ', identityVerified: false })).toBe(
      base.text,
    );
  });
});
