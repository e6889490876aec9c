import fc from 'fast-check';
import { createDynamicPix, createStaticPix, hasError, isDynamicPix, isStaticPix, parsePix } from 'pix-utils';
import { describe, expect, it } from 'vitest';
import { generateCnpj, generateCpf } from '../../platform/br-documents.ts';
import { seededRandom } from '../../platform/random.ts';
import { uuidv7 } from '../../platform/uuid7.ts';
import {
  type BrCodeError,
  buildDynamicBrCode,
  buildStaticBrCode,
  crc16CcittFalse,
  type DecodedBrCode,
  decodeBrCode,
  formatBrCodeAmount,
  installmentIdFromTxid,
  isValidTxid,
  maxDescriptionLength,
  normalizePixText,
  normalizeReceiverCity,
  normalizeReceiverName,
  txidForInstallment,
} from './brcode.rules.ts';

// Example of the BCB's Manual de Padrões para Iniciação do Pix / Manual do BR Code (static code with
// the EVP key 123e4567-e12b-12d1-a456-426655440000, no amount, txid "***"), published CRC 1D3D.
// Character positions (0-based), used by the negative cases below:
//   0 "000201" | 6 "2658" (26.00 at 10, value 14; 26.01 at 28, value 32) | 68 "52040000" | 76 "5303986"
//   83 "5802BR" | 89 "5913Fulano de Tal" (value 93) | 106 "6008BRASILIA" (value 110)
//   118 "6207" (62.05 at 122, value 126) | 129 "6304" (value 133) | length 137
const BCB_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal' +
  '6008BRASILIA62070503***63041D3D';
const EXAMPLE_KEY = '123e4567-e12b-12d1-a456-426655440000';

function ok(input: string): DecodedBrCode {
  const r = decodeBrCode(input);
  if (!r.ok) throw new Error(`expected a valid code, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function errorsOf(input: string): BrCodeError[] {
  const r = decodeBrCode(input);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

// Test-side encoder, independent of the module's builders, to craft malformed codes with a right CRC.
function tlv(id: string, value: string): string {
  return id + String(value.length).padStart(2, '0') + value;
}
function withCrc(body: string): string {
  return `${body}6304${crc16CcittFalse(`${body}6304`)}`;
}
type Fields = [string, string][];
const EXAMPLE_FIELDS: Fields = [
  ['00', '01'],
  ['26', tlv('00', 'br.gov.bcb.pix') + tlv('01', EXAMPLE_KEY)],
  ['52', '0000'],
  ['53', '986'],
  ['58', 'BR'],
  ['59', 'Fulano de Tal'],
  ['60', 'BRASILIA'],
  ['62', tlv('05', '***')],
];
function make(fields: Fields): string {
  return withCrc(fields.map(([t, v]) => tlv(t, v)).join(''));
}
function replaced(tag: string, value: string): string {
  return make(EXAMPLE_FIELDS.map(([t, v]) => [t, t === tag ? value : v]));
}
function without(tag: string): string {
  return make(EXAMPLE_FIELDS.filter(([t]) => t !== tag));
}
function withAmount(amount: string): string {
  const fields = [...EXAMPLE_FIELDS];
  fields.splice(4, 0, ['54', amount]); // after 53: 54 at 83, value at 87
  return make(fields);
}

/** Bit-by-bit CRC-16/CCITT-FALSE, written from the definition, to check the table-driven one. */
function referenceCrc(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

describe('crc16CcittFalse', () => {
  it('check value of CRC-16/CCITT-FALSE: "123456789" → 29B1', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('other catalogued values: "" → FFFF (the init, nothing processed), "A" → B915', () => {
    expect(crc16CcittFalse('')).toBe('FFFF');
    expect(crc16CcittFalse('A')).toBe('B915');
  });

  it("reproduces the CRC published in Banco Central's example (1D3D)", () => {
    expect(crc16CcittFalse(BCB_EXAMPLE.slice(0, -4))).toBe('1D3D');
  });

  it('always 4 uppercase hex digits, equal to a bitwise implementation', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const crc = crc16CcittFalse(s);
        expect(crc).toMatch(/^[0-9A-F]{4}$/);
        expect(crc).toBe(referenceCrc(s));
      }),
      { numRuns: 200 },
    );
  });
});

describe("Banco Central's example and other published codes", () => {
  it('decodes the manual example field by field', () => {
    expect(ok(BCB_EXAMPLE)).toEqual({
      payload: BCB_EXAMPLE,
      payloadFormatIndicator: '01',
      gui: 'br.gov.bcb.pix',
      key: EXAMPLE_KEY,
      keyKind: 'evp',
      merchantCategoryCode: '0000',
      currency: '986',
      countryCode: 'BR',
      receiverName: 'Fulano de Tal',
      city: 'BRASILIA',
      txid: '***',
      crc: '1D3D',
      kind: 'static',
      otherFields: [],
    });
  });

  it('re-encodes the decoded example to the very same string', () => {
    const d = ok(BCB_EXAMPLE);
    const rebuilt = buildStaticBrCode({ key: d.key!, receiverName: d.receiverName, city: d.city });
    expect(rebuilt).toBe(BCB_EXAMPLE);
  });

  it('the test-side encoder rebuilds the example too (so crafted negative cases are well-formed)', () => {
    expect(make(EXAMPLE_FIELDS)).toBe(BCB_EXAMPLE);
  });

  it("decodes a dynamic code (cobv) from the BCB's homologation environment", () => {
    // From stone-payments/ex-pix-brcode's tests (qr-h.sandbox.pix.bcb.gov.br).
    const code =
      '00020126990014br.gov.bcb.pix2577qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cobv/9b95a87c10a84d65bcbf55a48a2e50c8' +
      '5204000053039865802BR5903Pix6008BRASILIA62070503***63048ECF';
    const d = ok(code);
    expect(d.kind).toBe('dynamic');
    expect(d.url).toBe('qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cobv/9b95a87c10a84d65bcbf55a48a2e50c8');
    expect(d.key).toBeUndefined();
    expect(d.amountCents).toBeUndefined();
    expect(d.receiverName).toBe('Pix');
  });

  it('decodes redacted real codes from PSPs (uppercase GUI, 01=12, postal code 61, 25-char name)', () => {
    // Same source: codes of financial institutions, identifying data replaced by 1s.
    const dynamic = ok(
      '00020101021226850014br.gov.bcb.pix2563exemplodeurl.com.br/pix/v2/11111111-1111-1111-1111-111111111111' +
        '52040000530398654040.015802BR5925TESTE DE TESTE DO TESTEIE6014RIO DE JANEIRO62070503***6304CD52',
    );
    expect(dynamic).toMatchObject({
      kind: 'dynamic',
      pointOfInitiation: 'dynamic',
      amountCents: 1,
      receiverName: 'TESTE DE TESTE DO TESTEIE',
      city: 'RIO DE JANEIRO',
    });
    const withPostalCode = ok(
      '00020126580014BR.GOV.BCB.PIX013611111111-1111-1111-1111-11111111111152040000530398654040.015802BR5925' +
        'Teste do Teste do TesteIE6009SAO PAULO61081111111162160512NUgpnvaS87Ts6304760E',
    );
    expect(withPostalCode).toMatchObject({
      kind: 'static',
      gui: 'BR.GOV.BCB.PIX',
      key: '11111111-1111-1111-1111-111111111111',
      postalCode: '11111111',
      txid: 'NUgpnvaS87Ts',
      amountCents: 1,
    });
  });

  it('decodes the dynamic example of the manual section 6.2 as published in a gist (CRC EEAB)', () => {
    const d = ok(
      '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99' +
        '5204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB',
    );
    expect(d.url).toBe('pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99');
    expect(d.city).toBe('SAO PAULO');
  });
});

describe('normalizePixText and the name/city fields', () => {
  it.each([
    ['São Paulo', 15, 'Sao Paulo'],
    ['  Quitar   Cobranças\tLtda \n', 25, 'Quitar Cobrancas Ltda'],
    ['JOSÉ DA CONCEIÇÃO ÁÉÍÓÚ ÂÊÔ ÃÕ Ü', 99, 'JOSE DA CONCEICAO AEIOU AEO AO U'],
    ['Nª Srª Aparecida – 1º', 99, 'Na Sra Aparecida - 1o'],
    ['Straße Łódź Œuvre', 99, 'Strasse Lodz OEuvre'],
    ['Café “Bom” d’Ouro', 99, 'Cafe "Bom" d\'Ouro'],
    ['Emoji 😀 fora', 99, 'Emoji fora'],
    // truncation never leaves a trailing space
    ['São José dos Campos', 15, 'Sao Jose dos Ca'],
    ['Distribuidora Boa Vista e Filhos', 25, 'Distribuidora Boa Vista e'],
    ['日本語', 25, ''],
  ])('%j (max %i) → %j', (input, max, expected) => {
    expect(normalizePixText(input, max)).toBe(expected);
  });

  it('output is always printable ASCII, within the limit, without edge spaces', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 1, max: 99 }),
        (s, max) => {
          const out = normalizePixText(s, max);
          expect(out).toMatch(/^[\x20-\x7E]*$/);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).toBe(out.trim());
          expect(out).not.toContain('  ');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('name and city: empty or nothing usable is an error in pt-BR', () => {
    expect(normalizeReceiverName('  ')).toEqual({ ok: false, message: 'nome do recebedor vazio(a)' });
    expect(normalizeReceiverCity('東京')).toEqual({
      ok: false,
      message:
        'cidade do recebedor sem nenhum caractere utilizável: o BR Code só aceita letras sem acento, números e ' +
        'pontuação ASCII',
    });
    expect(normalizeReceiverName('Quitar Recuperação de Crédito S.A.')).toEqual({
      ok: true,
      value: 'Quitar Recuperacao de Cre',
    });
    expect(normalizeReceiverCity('Florianópolis')).toEqual({ ok: true, value: 'Florianopolis' });
  });
});

describe('buildStaticBrCode', () => {
  it('puts every field in the expected place (amount, txid, description)', () => {
    const code = buildStaticBrCode({
      key: '529.982.247-25',
      receiverName: 'Quitar Cobranças',
      city: 'São Paulo',
      amountCents: 123456,
      txid: 'PARC0001',
      description: 'Parcela 1/12',
    });
    const body =
      '000201' +
      '2649' +
      '0014br.gov.bcb.pix' +
      '011152998224725' +
      '0212Parcela 1/12' +
      '52040000' +
      '5303986' +
      '54071234.56' +
      '5802BR' +
      '5916Quitar Cobrancas' +
      '6009Sao Paulo' +
      '62120508PARC0001' +
      '6304';
    expect(code).toBe(body + referenceCrc(body));
  });

  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [12345, '123.45'],
    [999_999_999_999, '9999999999.99'],
  ])('amount %i centavos → "%s"', (cents, text) => {
    expect(formatBrCodeAmount(cents)).toBe(text);
    const d = ok(buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B', amountCents: cents }));
    expect(d.amountCents).toBe(cents);
  });

  it('omits tag 54 when there is no amount (the payer types it)', () => {
    const code = buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B' });
    expect(code).not.toContain('5303986' + '54');
    expect(ok(code).amountCents).toBeUndefined();
  });

  it('description room depends on the key: key and description share the 99 characters of tag 26', () => {
    expect(maxDescriptionLength(EXAMPLE_KEY)).toBe(37); // 99 − 18 (GUI) − 40 (01 + 36) − 4
    expect(maxDescriptionLength('52998224725')).toBe(62);
    const longest = 'x'.repeat(37);
    const d = ok(buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B', description: longest }));
    expect(d.description).toBe(longest);
    expect(d.payload).toContain('2699');
    expect(() =>
      buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B', description: `${longest}x` }),
    ).toThrow(
      new RangeError(
        'Descrição com 38 caracteres: com esta chave cabem no máximo 37 (chave e descrição dividem os 99 ' +
          'caracteres do campo 26 do BR Code).',
      ),
    );
  });

  it('a description with nothing printable is simply left out', () => {
    const code = buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B', description: '😀' });
    expect(ok(code).description).toBeUndefined();
  });

  it('refuses bad input with pt-BR messages', () => {
    const base = { key: EXAMPLE_KEY, receiverName: 'Fulano', city: 'Recife' };
    expect(() => buildStaticBrCode({ ...base, key: '123.456.789-00' })).toThrow(
      new RangeError('Chave Pix inválida: CPF com dígito verificador inválido.'),
    );
    expect(() => buildStaticBrCode({ ...base, receiverName: ' ' })).toThrow(
      new RangeError('nome do recebedor vazio(a).'),
    );
    expect(() => buildStaticBrCode({ ...base, city: '' })).toThrow(
      new RangeError('cidade do recebedor vazio(a).'),
    );
    expect(() => buildStaticBrCode({ ...base, txid: 'PARC-01' })).toThrow(
      new RangeError(
        'txid inválido para QR estático: "PARC-01" (até 25 letras sem acento ou números, sem espaços).',
      ),
    );
    expect(() => buildStaticBrCode({ ...base, txid: 'A'.repeat(26) })).toThrow(RangeError);
    for (const amountCents of [0, -1, 1.5, 1_000_000_000_000, Number.NaN]) {
      expect(() => buildStaticBrCode({ ...base, amountCents })).toThrow(
        new RangeError(
          `Valor inválido para o BR Code: ${amountCents} centavos (deve ser inteiro, maior que zero e até ` +
            'R$ 9.999.999.999,99).',
        ),
      );
    }
  });
});

describe('buildDynamicBrCode', () => {
  const location = 'pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25';

  it('01=12, URL in 26-25 without the scheme, txid "***"', () => {
    const code = buildDynamicBrCode({
      location: `https://${location}`,
      receiverName: 'Quitar',
      city: 'Recife',
    });
    const body =
      '000201' +
      '010212' +
      '2676' +
      '0014br.gov.bcb.pix' +
      `2554${location}` +
      '52040000' +
      '5303986' +
      '5802BR' +
      '5906Quitar' +
      '6006Recife' +
      '62070503***' +
      '6304';
    expect(code).toBe(body + referenceCrc(body));
    expect(buildDynamicBrCode({ location, receiverName: 'Quitar', city: 'Recife' })).toBe(code);
  });

  it('decodes back as dynamic, with the optional amount', () => {
    const d = ok(buildDynamicBrCode({ location, receiverName: 'Ação', city: 'Maceió', amountCents: 5000 }));
    expect(d).toMatchObject({
      kind: 'dynamic',
      pointOfInitiation: 'dynamic',
      url: location,
      amountCents: 5000,
      receiverName: 'Acao',
      city: 'Maceio',
      txid: '***',
    });
  });

  it('refuses bad locations', () => {
    const base = { receiverName: 'Quitar', city: 'Recife' };
    expect(() => buildDynamicBrCode({ ...base, location: 'http://pix.example.com/qr/1' })).toThrow(
      new RangeError('URL da cobrança deve usar https (informe sem o esquema ou com https://).'),
    );
    expect(() => buildDynamicBrCode({ ...base, location: 'https://' })).toThrow(
      new RangeError('URL da cobrança vazia.'),
    );
    expect(() => buildDynamicBrCode({ ...base, location: 'pix.example.com/qr /1' })).toThrow(
      new RangeError('URL da cobrança com espaço ou caractere fora do ASCII.'),
    );
    expect(() => buildDynamicBrCode({ ...base, location: `pix.example.com/${'a'.repeat(62)}` })).toThrow(
      new RangeError('URL da cobrança com 78 caracteres: o BR Code admite no máximo 77.'),
    );
    expect(buildDynamicBrCode({ ...base, location: `pix.example.com/${'a'.repeat(61)}` })).toContain('2577');
  });
});

describe('round trip: build → decode', () => {
  const rand = seededRandom(20240917);
  const keys: [string, string, DecodedBrCode['keyKind']][] = [
    ['529.982.247-25', '52998224725', 'cpf'],
    [generateCpf(rand), '', 'cpf'],
    ['11.222.333/0001-81', '11222333000181', 'cnpj'],
    [generateCnpj(rand), '', 'cnpj'],
    [generateCnpj(rand, { alphanumeric: true }), '', 'cnpj'],
    ['Cobranca@Quitar.com.br', 'cobranca@quitar.com.br', 'email'],
    ['+55 (11) 98765-4321', '+5511987654321', 'phone'],
    [EXAMPLE_KEY.toUpperCase(), EXAMPLE_KEY, 'evp'],
    [uuidv7(), '', 'evp'],
  ];
  const names = [
    ['Fulano de Tal', 'Fulano de Tal'],
    ['João Conceição & Filhos Ltda', 'Joao Conceicao & Filhos L'],
    ['Açaí do Pará', 'Acai do Para'],
  ];
  const cities = [
    ['Brasília', 'Brasilia'],
    ['São João del-Rei', 'Sao Joao del-Re'],
  ];
  const options: { amountCents?: number; txid?: string; description?: string }[] = [
    {},
    { amountCents: 1 },
    { amountCents: 987654321 },
    { txid: 'ABC123xyz' },
    { txid: 'Z'.repeat(25), amountCents: 4999 },
    { description: 'Acordo nº 12 – parcela 3' },
    { description: 'Pagamento', amountCents: 150000, txid: '0001' },
  ];
  const cases = keys.flatMap(([key, normalized, kind], i) =>
    options.map((opt, j) => {
      const [name, expectedName] = names[(i + j) % names.length]!;
      const [city, expectedCity] = cities[(i + j) % cities.length]!;
      return { key, normalized, kind, name, expectedName, city, expectedCity, opt };
    }),
  );

  it.each(cases)('$kind $key $opt', (c) => {
    const code = buildStaticBrCode({ key: c.key, receiverName: c.name!, city: c.city!, ...c.opt });
    const d = ok(code);
    expect(d.kind).toBe('static');
    expect(d.keyKind).toBe(c.kind);
    if (c.normalized !== '') expect(d.key).toBe(c.normalized);
    expect(d.receiverName).toBe(c.expectedName);
    expect(d.city).toBe(c.expectedCity);
    expect(d.amountCents).toBe(c.opt.amountCents);
    expect(d.txid).toBe(c.opt.txid ?? '***');
    expect(d.description).toBe(
      c.opt.description === undefined ? undefined : normalizePixText(c.opt.description, 99),
    );
    expect(d.pointOfInitiation).toBeUndefined();
    // Rebuilding from the decoded fields gives the same code: decoding loses nothing.
    expect(
      buildStaticBrCode({
        key: d.key!,
        receiverName: d.receiverName,
        city: d.city,
        amountCents: d.amountCents,
        txid: d.txid === '***' ? undefined : d.txid,
        description: d.description,
      }),
    ).toBe(code);
  });

  it('holds for arbitrary names, cities, amounts and txids (property)', () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => normalizePixText(s, 99) !== '');
    fc.assert(
      fc.property(
        text,
        text,
        fc.option(fc.integer({ min: 1, max: 999_999_999_999 }), { nil: undefined }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,25}$/), { nil: undefined }),
        (name, city, amountCents, txid) => {
          const d = ok(buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: name, city, amountCents, txid }));
          expect(d.receiverName).toBe(normalizePixText(name, 25));
          expect(d.city).toBe(normalizePixText(city, 15));
          expect(d.amountCents).toBe(amountCents);
          expect(d.txid).toBe(txid ?? '***');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('cross-check with an independent library (pix-utils)', () => {
  it('pix-utils reads our static codes with the same key, amount, name, city, txid and description', () => {
    const inputs = [
      { key: '529.982.247-25', receiverName: 'Fulano de Tal', city: 'Brasília' },
      { key: 'a@b.com.br', receiverName: 'Quitar Cobranças S.A.', city: 'Recife', amountCents: 10 },
      { key: '+55 21 99876-5432', receiverName: 'Zé', city: 'Niterói', amountCents: 123456, txid: 'ABC123' },
      { key: '11.222.333/0001-81', receiverName: 'Empresa', city: 'Sao Paulo', description: 'Parcela 2/10' },
      {
        key: uuidv7(),
        receiverName: 'Credor',
        city: 'Manaus',
        amountCents: 999_999_999_999,
        txid: 'Z'.repeat(25),
      },
    ];
    for (const input of inputs) {
      const code = buildStaticBrCode(input);
      const ours = ok(code);
      const theirs = parsePix(code);
      if (hasError(theirs) || !isStaticPix(theirs)) throw new Error(`pix-utils rejected ${code}`);
      expect(theirs.pixKey).toBe(ours.key);
      // pix-utils converts the amount to a float (0 when absent); compare in centavos.
      expect(Math.round((theirs.transactionAmount ?? 0) * 100)).toBe(input.amountCents ?? 0);
      expect(theirs.merchantName).toBe(ours.receiverName);
      expect(theirs.merchantCity).toBe(ours.city);
      expect(theirs.txid).toBe(input.txid ?? '***');
      expect(theirs.infoAdicional).toBe(input.description);
    }
  });

  it('pix-utils reads our dynamic codes with the same URL, name and city', () => {
    const location = 'qr.psp.example.com.br/v2/cob/8b3da2f39a4140d1a91abd93113bd441';
    const code = buildDynamicBrCode({ location, receiverName: 'Quitar', city: 'Curitiba' });
    const theirs = parsePix(code);
    if (hasError(theirs) || !isDynamicPix(theirs)) throw new Error(`pix-utils rejected ${code}`);
    expect(theirs.url).toBe(location);
    expect(theirs.merchantName).toBe('Quitar');
    expect(theirs.merchantCity).toBe('Curitiba');
  });

  it('our decoder reads codes created by pix-utils', () => {
    const staticPix = createStaticPix({
      merchantName: 'Fulano de Tal',
      merchantCity: 'Sao Paulo',
      pixKey: 'fulano@example.com',
      infoAdicional: 'Gerado por pix-utils',
      txid: 'PIXUTILS01',
      transactionAmount: 25.9,
    });
    if (hasError(staticPix)) throw new Error('pix-utils failed to create a static code');
    expect(ok(staticPix.toBRCode())).toMatchObject({
      kind: 'static',
      key: 'fulano@example.com',
      keyKind: 'email',
      description: 'Gerado por pix-utils',
      amountCents: 2590,
      receiverName: 'FULANO DE TAL', // pix-utils uppercases names and cities
      city: 'SAO PAULO',
      txid: 'PIXUTILS01',
    });

    const noAmount = createStaticPix({
      merchantName: 'Maria',
      merchantCity: 'Recife',
      pixKey: '+5581988887777',
      transactionAmount: 0,
    });
    if (hasError(noAmount)) throw new Error('pix-utils failed to create a static code');
    const d = ok(noAmount.toBRCode());
    expect(d.amountCents).toBeUndefined();
    expect(d.keyKind).toBe('phone');
    expect(d.txid).toBe('***');

    const dynamicPix = createDynamicPix({
      merchantName: 'Quitar',
      merchantCity: 'Curitiba',
      url: 'qr.psp.example.com.br/v2/cob/8b3da2f39a4140d1a91abd93113bd441',
      oneTime: true,
    });
    if (hasError(dynamicPix)) throw new Error('pix-utils failed to create a dynamic code');
    expect(ok(dynamicPix.toBRCode())).toMatchObject({
      kind: 'dynamic',
      pointOfInitiation: 'dynamic',
      url: 'qr.psp.example.com.br/v2/cob/8b3da2f39a4140d1a91abd93113bd441',
      receiverName: 'QUITAR',
      city: 'CURITIBA',
    });
  });
});

describe('decodeBrCode: tolerated variations', () => {
  it('trims whitespace around a pasted code; positions still refer to the input as given', () => {
    expect(ok(`  \n${BCB_EXAMPLE}\r\n`).payload).toBe(BCB_EXAMPLE);
    expect(errorsOf(` ${BCB_EXAMPLE.slice(0, -1)}E`)).toEqual([
      {
        position: 134,
        tag: '63',
        message: 'CRC não confere: calculado 1D3D, encontrado 1D3E (código alterado ou copiado com erro)',
      },
    ]);
  });

  it('GUI in uppercase, 01=11', () => {
    expect(ok(replaced('26', tlv('00', 'BR.GOV.BCB.PIX') + tlv('01', EXAMPLE_KEY))).gui).toBe(
      'BR.GOV.BCB.PIX',
    );
    const fields: Fields = [['00', '01'], ['01', '11'], ...EXAMPLE_FIELDS.slice(1)];
    expect(ok(make(fields)).pointOfInitiation).toBe('static');
  });

  it('keeps objects it does not interpret (other templates, unreserved 80–99, nested extras)', () => {
    const fields: Fields = [
      ...EXAMPLE_FIELDS.slice(0, 2),
      ['27', tlv('00', 'com.example.outra') + tlv('01', 'abc')],
      ...EXAMPLE_FIELDS.slice(2, 7),
      ['62', tlv('05', '***') + tlv('50', tlv('00', 'BR.GOV.BCB.BRCODE') + tlv('01', '1.0.0'))],
      ['80', tlv('00', 'br.gov.bcb.pix') + tlv('25', 'rec.example.com/1')],
    ];
    const d = ok(make(fields));
    expect(d.otherFields).toEqual([
      { tag: '27', value: '0017com.example.outra0103abc' },
      { tag: '62.50', value: '0017BR.GOV.BCB.BRCODE01051.0.0' },
      { tag: '80', value: '0014br.gov.bcb.pix2517rec.example.com/1' },
    ]);
    expect(d.key).toBe(EXAMPLE_KEY);
  });
});

describe('decodeBrCode: rejected codes, with message and 0-based position', () => {
  const amountFormat = (v: string) =>
    `campo 54 (valor) deve ter até 10 dígitos, ponto e 2 casas decimais, como 123.45; encontrado "${v}"`;

  it.each<[string, string, BrCodeError[]]>([
    ['empty input', '', [{ position: 0, message: 'código Pix vazio' }]],
    ['only whitespace', ' \n\t ', [{ position: 0, message: 'código Pix vazio' }]],
    [
      'wrong CRC',
      `${BCB_EXAMPLE.slice(0, -4)}1D3E`,
      [
        {
          position: 133,
          tag: '63',
          message: 'CRC não confere: calculado 1D3D, encontrado 1D3E (código alterado ou copiado com erro)',
        },
      ],
    ],
    [
      'data changed after the CRC was computed',
      BCB_EXAMPLE.replace('Fulano', 'Fulana'),
      [
        {
          position: 133,
          tag: '63',
          message: `CRC não confere: calculado ${referenceCrc(BCB_EXAMPLE.replace('Fulano', 'Fulana').slice(0, -4))}, encontrado 1D3D (código alterado ou copiado com erro)`,
        },
      ],
    ],
    [
      'missing CRC',
      BCB_EXAMPLE.slice(0, -8),
      [
        {
          position: 129,
          tag: '63',
          message: 'campo 63 (CRC) ausente: o código deve terminar com 6304 e 4 dígitos hexadecimais',
        },
      ],
    ],
    [
      'CRC value not hexadecimal',
      `${BCB_EXAMPLE.slice(0, -4)}1D3G`,
      [
        {
          position: 133,
          tag: '63',
          message: 'campo 63 (CRC) deve ter 4 dígitos hexadecimais maiúsculos (0-9, A-F); encontrado "1D3G"',
        },
      ],
    ],
    [
      'CRC in lowercase hex',
      `${BCB_EXAMPLE.slice(0, -4)}1d3d`,
      [
        {
          position: 133,
          tag: '63',
          message: 'campo 63 (CRC) deve ter 4 dígitos hexadecimais maiúsculos (0-9, A-F); encontrado "1d3d"',
        },
      ],
    ],
    [
      'CRC not the last object',
      `${BCB_EXAMPLE}8004abcd`,
      [{ position: 129, tag: '63', message: 'campo 63 (CRC) deve ser o último do código' }],
    ],
    [
      'truncated in the CRC',
      BCB_EXAMPLE.slice(0, -2),
      [
        {
          position: 131,
          tag: '63',
          message:
            'campo 63 declara 4 caractere(s), mas só resta(m) 2 até o fim do código (código truncado ou tamanho errado)',
        },
      ],
    ],
    [
      'truncated in the name',
      BCB_EXAMPLE.slice(0, 99), // ends in "Fulano"
      [
        {
          position: 91,
          tag: '59',
          message:
            'campo 59 declara 13 caractere(s), mas só resta(m) 6 até o fim do código (código truncado ou tamanho errado)',
        },
      ],
    ],
    [
      'truncated between objects',
      BCB_EXAMPLE.slice(0, 85),
      [
        {
          position: 83,
          message:
            'sobra(m) 2 caractere(s) ("58") no fim do código: cada campo precisa de ID (2 dígitos), tamanho ' +
            '(2 dígitos) e valor',
        },
      ],
    ],
    [
      'length field not digits',
      BCB_EXAMPLE.replace('5913Fulano', '59ABFulano'),
      [{ position: 91, tag: '59', message: 'tamanho do campo 59 deve ter 2 dígitos; encontrado "AB"' }],
    ],
    [
      'ID not digits',
      BCB_EXAMPLE.replace('5802BR', 'BR02BR'),
      [{ position: 83, message: 'ID de campo deve ter 2 dígitos; encontrado "BR"' }],
    ],
    [
      'length beyond the end',
      BCB_EXAMPLE.replace(/6304(....)$/, '6309$1'),
      [
        {
          position: 131,
          tag: '63',
          message:
            'campo 63 declara 9 caractere(s), mas só resta(m) 4 até o fim do código (código truncado ou tamanho errado)',
        },
      ],
    ],
    [
      'length 00',
      BCB_EXAMPLE.replace('5913Fulano de Tal', '5900'),
      [
        {
          position: 91,
          tag: '59',
          message: 'campo 59 com tamanho 00: um campo presente deve ter de 01 a 99 caracteres',
        },
      ],
    ],
    [
      'missing 00',
      without('00'),
      [{ position: 0, tag: '00', message: 'campo 00 (indicador de formato) ausente' }],
    ],
    [
      '00 not first',
      make([EXAMPLE_FIELDS[1]!, EXAMPLE_FIELDS[0]!, ...EXAMPLE_FIELDS.slice(2)]),
      [{ position: 62, tag: '00', message: 'campo 00 (indicador de formato) deve ser o primeiro do código' }],
    ],
    [
      '00 with another version',
      replaced('00', '02'),
      [
        {
          position: 4,
          tag: '00',
          message: 'campo 00 (indicador de formato) deve valer "01"; encontrado "02"',
        },
      ],
    ],
    [
      'point of initiation other than 11/12',
      make([EXAMPLE_FIELDS[0]!, ['01', '13'], ...EXAMPLE_FIELDS.slice(1)]),
      [
        {
          position: 10,
          tag: '01',
          message:
            'campo 01 (método de iniciação) deve ser "11" (reutilizável) ou "12" (uso único); encontrado "13"',
        },
      ],
    ],
    ['missing 26', without('26'), [{ position: 6, tag: '26', message: 'campo 26 (conta Pix) ausente' }]],
    [
      'missing 52',
      without('52'),
      [{ position: 68, tag: '52', message: 'campo 52 (categoria do estabelecimento) ausente' }],
    ],
    [
      'MCC not 4 digits',
      replaced('52', '00A0'),
      [
        {
          position: 72,
          tag: '52',
          message:
            'campo 52 (categoria do estabelecimento) deve ter 4 dígitos (0000 quando não informado); encontrado "00A0"',
        },
      ],
    ],
    ['missing 53', without('53'), [{ position: 76, tag: '53', message: 'campo 53 (moeda) ausente' }]],
    [
      'wrong currency',
      replaced('53', '840'),
      [
        {
          position: 80,
          tag: '53',
          message: 'campo 53 (moeda) deve ser "986" (real, ISO 4217); encontrado "840"',
        },
      ],
    ],
    ['missing 58', without('58'), [{ position: 83, tag: '58', message: 'campo 58 (país) ausente' }]],
    [
      'wrong country',
      replaced('58', 'US'),
      [{ position: 87, tag: '58', message: 'campo 58 (país) deve ser "BR"; encontrado "US"' }],
    ],
    [
      'missing 59',
      without('59'),
      [{ position: 89, tag: '59', message: 'campo 59 (nome do recebedor) ausente' }],
    ],
    [
      'missing 60',
      without('60'),
      [{ position: 106, tag: '60', message: 'campo 60 (cidade do recebedor) ausente' }],
    ],
    [
      'missing 62',
      without('62'),
      [{ position: 118, tag: '62', message: 'campo 62 (dados adicionais) ausente' }],
    ],
    ['amount with comma', withAmount('1,00'), [{ position: 87, tag: '54', message: amountFormat('1,00') }]],
    ['amount with 1 decimal', withAmount('1.0'), [{ position: 87, tag: '54', message: amountFormat('1.0') }]],
    [
      'amount without decimals',
      withAmount('100'),
      [{ position: 87, tag: '54', message: amountFormat('100') }],
    ],
    [
      'amount with 11 integer digits',
      withAmount('12345678901.00'),
      [{ position: 87, tag: '54', message: amountFormat('12345678901.00') }],
    ],
    [
      'amount zero',
      withAmount('0.00'),
      [{ position: 87, tag: '54', message: 'campo 54 (valor) deve ser maior que zero' }],
    ],
    [
      'negative amount',
      withAmount('-1.00'),
      [{ position: 87, tag: '54', message: 'campo 54 (valor) não pode ser negativo: "-1.00"' }],
    ],
    [
      'name longer than 25',
      replaced('59', 'Fulano de Tal da Silva Sauro'),
      [
        {
          position: 118, // value at 93 + 25: the first character over the limit
          tag: '59',
          message: 'campo 59 (nome do recebedor) deve ter no máximo 25 caracteres; encontrado 28',
        },
      ],
    ],
    [
      'blank name',
      replaced('59', '   '),
      [{ position: 93, tag: '59', message: 'campo 59 (nome do recebedor) em branco' }],
    ],
    [
      'city longer than 15',
      replaced('60', 'SAO JOSE DOS CAMPOS'),
      [
        {
          position: 125, // value at 110 + 15
          tag: '60',
          message: 'campo 60 (cidade do recebedor) deve ter no máximo 15 caracteres; encontrado 19',
        },
      ],
    ],
    [
      'GUI of another arrangement',
      replaced('26', tlv('00', 'br.gov.bcb.pox') + tlv('01', EXAMPLE_KEY)),
      [
        {
          position: 14,
          tag: '26.00',
          message: 'campo 26.00 (GUI do arranjo) deve ser "br.gov.bcb.pix"; encontrado "br.gov.bcb.pox"',
        },
      ],
    ],
    [
      'GUI missing',
      replaced('26', tlv('01', EXAMPLE_KEY)),
      [{ position: 10, tag: '26.00', message: 'campo 26.00 (GUI do arranjo) ausente' }],
    ],
    [
      'both key and URL',
      replaced(
        '26',
        tlv('00', 'br.gov.bcb.pix') + tlv('01', EXAMPLE_KEY) + tlv('25', 'pix.example.com/qr/1'),
      ),
      [
        {
          position: 68,
          tag: '26.25',
          message:
            'campo 26 traz chave (26.01) e URL (26.25) ao mesmo tempo: o QR estático leva só a chave e o ' +
            'dinâmico só a URL',
        },
      ],
    ],
    [
      'neither key nor URL',
      replaced('26', tlv('00', 'br.gov.bcb.pix') + tlv('02', 'sem chave')),
      [
        {
          position: 6,
          tag: '26',
          message: 'campo 26 (conta Pix) sem chave Pix (26.01) nem URL do QR dinâmico (26.25)',
        },
      ],
    ],
    [
      'URL with the scheme',
      replaced('26', tlv('00', 'br.gov.bcb.pix') + tlv('25', 'https://pix.example.com/qr/1')),
      [
        {
          position: 32,
          tag: '26.25',
          message:
            'campo 26.25 (URL do QR dinâmico) não leva o esquema ("https://"): o app do pagador sempre usa HTTPS',
        },
      ],
    ],
    [
      'key with an invalid CPF',
      replaced('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', '52998224726')),
      [{ position: 32, tag: '26.01', message: 'chave Pix inválida: CPF com dígito verificador inválido' }],
    ],
    [
      'key not in DICT form (punctuated CPF)',
      replaced('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', '529.982.247-25')),
      [
        {
          position: 32,
          tag: '26.01',
          message: 'chave Pix fora do formato do DICT: "529.982.247-25" deveria ser "52998224725"',
        },
      ],
    ],
    [
      'txid longer than 25',
      replaced('62', tlv('05', 'A'.repeat(26))),
      [
        {
          position: 151, // value at 126 + 25
          tag: '62.05',
          message: 'campo 62.05 (txid) deve ter no máximo 25 caracteres; encontrado 26',
        },
      ],
    ],
    [
      'txid with a hyphen',
      replaced('62', tlv('05', 'ABC-123')),
      [
        {
          position: 129,
          tag: '62.05',
          message: 'campo 62.05 (txid) aceita só letras sem acento e números (ou "***"); encontrado "-"',
        },
      ],
    ],
    [
      'txid missing from 62',
      replaced('62', tlv('07', 'LOJA01')),
      [{ position: 122, tag: '62.05', message: 'campo 62.05 (txid) ausente' }], // before 62.07
    ],
    [
      'nested TLV broken in 26',
      replaced('26', `${tlv('00', 'br.gov.bcb.pix')}0137${EXAMPLE_KEY}`),
      [
        {
          position: 30,
          tag: '26.01',
          message:
            'campo 26.01 declara 37 caractere(s), mas só resta(m) 36 até o fim do campo 26 (conta Pix) ' +
            '(código truncado ou tamanho errado)',
        },
      ],
    ],
    [
      'nested TLV broken in 62',
      replaced('62', '0504***'),
      [
        {
          position: 124,
          tag: '62.05',
          message:
            'campo 62.05 declara 4 caractere(s), mas só resta(m) 3 até o fim do campo 62 (dados adicionais) ' +
            '(código truncado ou tamanho errado)',
        },
      ],
    ],
    [
      'repeated object',
      make([...EXAMPLE_FIELDS.slice(0, 6), ['59', 'Outro Nome'], ...EXAMPLE_FIELDS.slice(6)]),
      [
        {
          position: 106,
          tag: '59',
          message: 'campo 59 (nome do recebedor) repetido (já aparece na posição 89)',
        },
      ],
    ],
    [
      'non-ASCII character',
      BCB_EXAMPLE.replace('BRASILIA', 'BRASÍLIA'),
      [
        {
          position: 114, // value of 60 at 110, "Í" is its 5th character
          message:
            'caractere não permitido "Í" (U+00CD): o BR Code só admite caracteres ASCII imprimíveis, sem acentos',
        },
      ],
    ],
    [
      'emoji (one error per character, not per UTF-16 unit)',
      BCB_EXAMPLE.replace('Fulano de Tal', 'Fulano 😀 Tal'), // same UTF-16 length (13)
      [
        {
          position: 100,
          message:
            'caractere não permitido "😀" (U+1F600): o BR Code só admite caracteres ASCII imprimíveis, sem acentos',
        },
      ],
    ],
    [
      'line break inside the code',
      `${BCB_EXAMPLE.slice(0, 68)}\n${BCB_EXAMPLE.slice(68)}`,
      [{ position: 68, message: 'quebra de linha no meio do código: copie o código inteiro, numa linha só' }],
    ],
    [
      'garbage after the CRC',
      `${BCB_EXAMPLE}ab`,
      [
        {
          position: 137,
          message:
            'sobra(m) 2 caractere(s) ("ab") no fim do código: cada campo precisa de ID (2 dígitos), tamanho ' +
            '(2 dígitos) e valor',
        },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('reports every independent problem at once', () => {
    const code = make([
      ['00', '01'],
      ['26', tlv('00', 'br.gov.bcb.pix') + tlv('01', EXAMPLE_KEY)],
      ['52', '0000'],
      ['53', '840'],
      ['54', '1,50'],
      ['58', 'BR'],
      ['60', 'BRASILIA'],
      ['62', tlv('05', '***')],
    ]);
    expect(errorsOf(code).map((e) => e.tag)).toEqual(['53', '54', '59']);
  });
});

describe('txid', () => {
  const id = '01890a5d-ac96-774b-bcce-b302099a8057';

  it('static: 25 uppercase letters/digits; cob: the 32 hex digits (API Pix 26–35)', () => {
    expect(txidForInstallment(id, 'static')).toBe('039SRKJ01E44UYNSZF2F2NJH3');
    expect(txidForInstallment(id, 'cob')).toBe('01890a5dac96774bbcceb302099a8057');
    expect(txidForInstallment(id.toUpperCase(), 'cob')).toBe('01890a5dac96774bbcceb302099a8057');
    // Extremes of the 128-bit range still fit in 25 base-36 digits.
    expect(txidForInstallment('00000000-0000-0000-0000-000000000000', 'static')).toBe('0'.repeat(25));
    expect(txidForInstallment('ffffffff-ffff-ffff-ffff-ffffffffffff', 'static')).toBe(
      'F5LXX1ZZ5PNORYNQGLHZMSP33',
    );
  });

  it('is deterministic and reversible', () => {
    for (const kind of ['static', 'cob'] as const) {
      expect(txidForInstallment(id, kind)).toBe(txidForInstallment(id, kind));
      expect(installmentIdFromTxid(txidForInstallment(id, kind), kind)).toBe(id);
    }
    expect(installmentIdFromTxid('***', 'static')).toBeNull();
    expect(installmentIdFromTxid('ZZZZZZZZZZZZZZZZZZZZZZZZZ', 'static')).toBeNull(); // > 2^128
    expect(installmentIdFromTxid('01890A5DAC96774BBCCEB302099A8057', 'cob')).toBeNull();
  });

  it('10,000 UUIDv7 ids: right length and charset, no collisions, all reversible', () => {
    const seen = { static: new Set<string>(), cob: new Set<string>() };
    const start = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 10_000; i++) {
      // Many ids in the same millisecond: they differ only in the counter and random bits.
      const installmentId = uuidv7(start + Math.floor(i / 100));
      for (const kind of ['static', 'cob'] as const) {
        const txid = txidForInstallment(installmentId, kind);
        expect(isValidTxid(txid, kind)).toBe(true);
        if (kind === 'static') expect(txid).toMatch(/^[0-9A-Z]{25}$/);
        else expect(txid).toMatch(/^[0-9a-f]{32}$/);
        seen[kind].add(txid);
        expect(installmentIdFromTxid(txid, kind)).toBe(installmentId);
      }
    }
    expect(seen.static.size).toBe(10_000);
    expect(seen.cob.size).toBe(10_000);
  });

  it('goes into a static code and is decoded back', () => {
    const txid = txidForInstallment(id, 'static');
    expect(ok(buildStaticBrCode({ key: EXAMPLE_KEY, receiverName: 'A', city: 'B', txid })).txid).toBe(txid);
  });

  it('isValidTxid follows the manual (static ≤ 25) and the API Pix (cob 26–35)', () => {
    expect(isValidTxid('A', 'static')).toBe(true);
    expect(isValidTxid('a'.repeat(25), 'static')).toBe(true);
    expect(isValidTxid('a'.repeat(26), 'static')).toBe(false);
    expect(isValidTxid('', 'static')).toBe(false);
    expect(isValidTxid('***', 'static')).toBe(false);
    expect(isValidTxid('ABC-1', 'static')).toBe(false);
    expect(isValidTxid('Ação1', 'static')).toBe(false);
    expect(isValidTxid('a'.repeat(25), 'cob')).toBe(false);
    expect(isValidTxid('a'.repeat(26), 'cob')).toBe(true);
    expect(isValidTxid('Z9'.repeat(17) + 'z', 'cob')).toBe(true);
    expect(isValidTxid('a'.repeat(36), 'cob')).toBe(false);
    expect(isValidTxid(`${'a'.repeat(30)}_`, 'cob')).toBe(false);
  });

  it('refuses ids that are not UUIDs', () => {
    expect(() => txidForInstallment('42', 'static')).toThrow(new RangeError('Id de parcela inválido: "42".'));
  });
});
