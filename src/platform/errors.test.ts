import { describe, expect, it } from 'vitest';
import { notFound } from './errors.ts';

describe('notFound', () => {
  it('agrees with the noun: feminine and masculine, never "(a)"', () => {
    expect(notFound('Dívida').message).toBe('Dívida não encontrada.');
    expect(notFound('Parcela').message).toBe('Parcela não encontrada.');
    expect(notFound('Credor').message).toBe('Credor não encontrado.');
    expect(notFound('Suspensão').message).toBe('Suspensão não encontrada.');
    expect(notFound('Quitação antecipada').message).toBe('Quitação antecipada não encontrada.');
    expect(notFound('Pix desta parcela (o credor tem chave Pix configurada?)').message).toBe(
      'Pix desta parcela (o credor tem chave Pix configurada?) não encontrado.',
    );
    expect(notFound('Acordo').code).toBe('NOT_FOUND');
  });
});
