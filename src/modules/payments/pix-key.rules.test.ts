import { describe, expect, it } from 'vitest';
import type { FieldResult } from '../../platform/br-fields.ts';
import { type PixKey, parsePixKey } from './pix-key.rules.ts';

function okValue(result: FieldResult<PixKey>): PixKey {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.value;
}

function errorMessage(result: FieldResult<PixKey>): string {
  if (result.ok) throw new Error(`expected an error, got: ${JSON.stringify(result.value)}`);
  return result.message;
}

describe('parsePixKey: accepted keys and their DICT form', () => {
  it.each([
    // CPF: bare or punctuated, always 11 digits in the payload
    ['52998224725', 'cpf', '52998224725'],
    ['529.982.247-25', 'cpf', '52998224725'],
    [' 123.456.789-09 ', 'cpf', '12345678909'],
    ['529 982 247 25', 'cpf', '52998224725'],
    // CNPJ: numeric and the alphanumeric form (IN RFB 2.229/2024)
    ['11.222.333/0001-81', 'cnpj', '11222333000181'],
    ['11222333000181', 'cnpj', '11222333000181'],
    ['12.ABC.345/01DE-35', 'cnpj', '12ABC34501DE35'],
    ['12.abc.345/01de-35', 'cnpj', '12ABC34501DE35'],
    // e-mail: lowercased entirely (the DICT pattern has no uppercase letters)
    ['fulano@example.com', 'email', 'fulano@example.com'],
    ['  Fulano.Tal@Example.COM.br ', 'email', 'fulano.tal@example.com.br'],
    ['pagamentos+trato@cobranca.com.br', 'email', 'pagamentos+trato@cobranca.com.br'],
    // phone: E.164 with +55, mobile only
    ['+5511987654321', 'phone', '+5511987654321'],
    ['+55 (11) 98765-4321', 'phone', '+5511987654321'],
    ['+55 21 99876 5432', 'phone', '+5521998765432'],
    // EVP: lowercase UUID, any version (the manual's example key is not a valid RFC 4122 version)
    ['123e4567-e12b-12d1-a456-426655440000', 'evp', '123e4567-e12b-12d1-a456-426655440000'],
    ['123E4567-E12B-12D1-A456-426655440000', 'evp', '123e4567-e12b-12d1-a456-426655440000'],
    ['01890a5d-ac96-774b-bcce-b302099a8057', 'evp', '01890a5d-ac96-774b-bcce-b302099a8057'],
  ])('%j → %s %s', (raw, kind, key) => {
    expect(okValue(parsePixKey(raw))).toEqual({ kind, key });
  });

  it('is idempotent: a normalized key parses to itself', () => {
    for (const raw of [
      '529.982.247-25',
      '12.ABC.345/01DE-35',
      'A@B.CO',
      '+55 (11) 98765-4321',
      'ABCDEF01-2345-6789-ABCD-EF0123456789',
    ]) {
      const first = okValue(parsePixKey(raw));
      expect(okValue(parsePixKey(first.key))).toEqual(first);
    }
  });

  it('e-mail of exactly 77 characters is accepted', () => {
    const email = `${'a'.repeat(62)}@example.com.br`;
    expect(email).toHaveLength(77);
    expect(okValue(parsePixKey(email)).key).toBe(email);
  });

  it('11 digits that are a valid CPF are a CPF, even when they could also be DDD + mobile', () => {
    // 11 9xxxx-xxxx shape; valid CPF check digits → CPF (documented rule: phones need +55).
    expect(okValue(parsePixKey('11987654374'))).toEqual({ kind: 'cpf', key: '11987654374' });
  });
});

describe('parsePixKey: rejected keys say why', () => {
  it.each([
    ['', 'chave Pix vazia'],
    ['   ', 'chave Pix vazia'],
    // CPF
    ['529.982.247-26', 'CPF com dígito verificador inválido'],
    ['111.111.111-11', 'CPF inválido: todos os dígitos são iguais'],
    // CNPJ
    ['11.222.333/0001-82', 'CNPJ com dígito verificador inválido'],
    ['12.ABC.345/01DE-3X', 'CNPJ deve terminar com 2 dígitos verificadores numéricos'],
    // e-mail
    ['fulano@', 'e-mail inválido: use o formato nome@dominio.com.br'],
    ['fulano@@example.com', 'e-mail inválido: use o formato nome@dominio.com.br'],
    ['ful ano@example.com', 'e-mail inválido: use o formato nome@dominio.com.br'],
    [`${'a'.repeat(64)}@example.com.br`, 'e-mail com 79 caracteres: a chave Pix de e-mail tem no máximo 77'],
    // phone
    [
      '(11) 98765-4321',
      'telefone sem o código do país: chaves Pix de telefone usam +55; informe +55, DDD e número, como +55 11 98765-4321',
    ],
    [
      '11 98765-4321',
      'CPF com dígito verificador inválido; se for um telefone celular, a chave Pix de telefone é sempre ' +
        'registrada com +55: informe +5511987654321',
    ],
    ['+1 202 555 0100', 'chave Pix de telefone deve ser um celular brasileiro, com +55'],
    [
      '+55 11 3456-7890',
      'chave Pix de telefone deve ser um número de celular (DDD + 9 dígitos começando por 9)',
    ],
    ['+55 11 98765', 'telefone inválido: informe +55, DDD e número, como +55 11 98765-4321'],
    ['+55 00 98765-4321', 'telefone inválido: informe +55, DDD e número, como +55 11 98765-4321'],
    // EVP
    [
      '123e4567-e12b-12d1-a456-42665544000',
      'chave aleatória (EVP) inválida: deve ter 36 caracteres no formato 123e4567-e89b-12d3-a456-426614174000 ' +
        '(8-4-4-4-12 dígitos hexadecimais, com hífens)',
    ],
    [
      '123e4567e12b12d1a456426655440000',
      'chave aleatória (EVP) inválida: deve ter 36 caracteres no formato 123e4567-e89b-12d3-a456-426614174000 ' +
        '(8-4-4-4-12 dígitos hexadecimais, com hífens)',
    ],
    [
      '123g4567-e12b-12d1-a456-426655440000',
      'chave Pix não reconhecida: informe CPF, CNPJ, e-mail, telefone celular com +55 ou chave aleatória (EVP)',
    ],
    [
      'qualquer coisa',
      'chave Pix não reconhecida: informe CPF, CNPJ, e-mail, telefone celular com +55 ou chave aleatória (EVP)',
    ],
  ])('%j', (raw, message) => {
    expect(errorMessage(parsePixKey(raw))).toBe(message);
  });

  it('a bad CPF that is not a phone number gets no phone hint', () => {
    // "52998224726" has the DDD + 9 shape but DDD 52 does not exist.
    expect(errorMessage(parsePixKey('52998224726'))).toBe('CPF com dígito verificador inválido');
  });
});
