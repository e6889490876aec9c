import { describe, expect, it } from 'vitest';
import { classifyReply } from './provider-webhooks.rules.ts';

describe('classifyReply: "essa dívida não é minha" is a dispute', () => {
  it.each([
    'Essa dívida não é minha',
    'essa divida nao e minha!',
    'Não é minha',
    'Não reconheço essa dívida',
    'nao reconheco',
    'Desconheço esta cobrança',
    'Nunca contratei nada com essa empresa',
    'Eu não devo nada',
    'Não fiz essa compra',
    'Quero contestar essa cobrança',
    'Essas contas não são minhas',
    'Não reconheço essa dívida, mas quero negociar',
  ])('%s → dispute', (text) => {
    expect(classifyReply(text)).toBe('dispute');
  });

  it.each([
    ['Não é minha culpa, fiquei desempregado', 'other'],
    ['Quero negociar', 'negotiate'],
    ['SAIR', 'opt_out'],
    ['Não quero mais receber mensagens, essa dívida não é minha', 'opt_out'],
    ['Oi, quem está falando?', 'other'],
  ] as const)('%s → %s', (text, intent) => {
    expect(classifyReply(text)).toBe(intent);
  });
});
