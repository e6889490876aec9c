import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, maskDocuments } from './log.ts';

describe('maskDocuments', () => {
  it.each([
    ['/api/v1/debtors?document=52998224725', '/api/v1/debtors?document=529.***.***-25'],
    ['CPF 529.982.247-25 não encontrado', 'CPF 529.***.***-25 não encontrado'],
    ['cnpj=11222333000181', 'cnpj=11.***.***/****-81'],
    ['11.222.333/0001-81', '11.***.***/****-81'],
    ['12.ABC.345/01DE-35', '12.***.***/****-35'],
  ])('%s', (input, expected) => {
    expect(maskDocuments(input)).toBe(expected);
  });

  it('leaves ids, barcodes and amounts alone', () => {
    for (const text of [
      '0190f6a8-0000-7000-8000-000000000000',
      '23793381286000000000300000000401684370000012345',
      'valor 123456 centavos',
      'E99999999202611231500bbbbbbbbbb1',
    ]) {
      expect(maskDocuments(text)).toBe(text);
    }
  });
});

describe('createLogger', () => {
  afterEach(() => vi.restoreAllMocks());
  it('masks documents in the message and in every field before writing', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    createLogger({ json: true }).error('erro interno em /api/v1/debtors?document=52998224725', {
      url: '/api/v1/debtors?document=529.982.247-25',
      nested: { list: ['11222333000181'] },
    });
    expect(lines.join('')).not.toMatch(/52998224725|529\.982\.247-25|11222333000181/);
    expect(lines.join('')).toContain('529.***.***-25');
  });
});
