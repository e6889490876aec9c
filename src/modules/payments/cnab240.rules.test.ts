import { describe, expect, it } from 'vitest';
import {
  type CnabEntry,
  type CnabError,
  type CnabParseResult,
  describeMovement,
  formatCnabError,
  MAX_CNAB_ERRORS,
  parseCnab240Return,
} from './cnab240.rules.ts';

// ---------------------------------------------------------------------------------------------------
// Fixture helpers, deliberately independent of the test builder (test/support/cnab240-builder.ts): fields are placed by hand at the
// 1-based positions of the FEBRABAN 240 v10.x cobrança layout (segmentos T/U) and Bradesco's manual.

/** Places each `[start, value]` at its 1-based column on a blank 240-column record; fails on overlap. */
function rec(fields: ReadonlyArray<readonly [number, string]>): string {
  const chars = new Array<string>(240).fill(' ');
  const used = new Array<boolean>(240).fill(false);
  for (const [start, value] of fields) {
    for (let i = 0; i < value.length; i++) {
      const at = start - 1 + i;
      if (at >= 240 || used[at]) throw new Error(`fixture: field at ${start} overflows or overlaps`);
      used[at] = true;
      chars[at] = value.charAt(i);
    }
  }
  return chars.join('');
}

const z = (n: number, digits: number): string => String(n).padStart(digits, '0');

/** Replaces the text at a 1-based column of one 1-based line. */
function setAt(lines: readonly string[], line: number, pos: number, value: string): string[] {
  return lines.map((l, i) =>
    i === line - 1 ? l.slice(0, pos - 1) + value + l.slice(pos - 1 + value.length) : l,
  );
}

const without = (lines: readonly string[], line: number): string[] => lines.filter((_, i) => i !== line - 1);

const insertAfter = (lines: readonly string[], line: number, ...added: string[]): string[] => [
  ...lines.slice(0, line),
  ...added,
  ...lines.slice(line),
];

/**
 * Rewrites detail sequence numbers (9-13), lot trailer counts (18-23) and file trailer counts (18-23,
 * 24-29) so that a fixture mutated on purpose stays consistent everywhere else.
 */
function renumber(lines: readonly string[]): string[] {
  let seq = 0;
  let lotRecords = 0;
  let lots = 0;
  return lines.map((l, i) => {
    const type = l.charAt(7);
    if (type === '1') {
      lots += 1;
      lotRecords = 1;
      seq = 0;
      return l;
    }
    if (type === '3') {
      lotRecords += 1;
      seq += 1;
      return setAt([l], 1, 9, z(seq, 5))[0]!;
    }
    if (type === '5') {
      lotRecords += 1;
      return setAt([l], 1, 18, z(lotRecords, 6))[0]!;
    }
    if (type === '9') return setAt(setAt([l], 1, 18, z(lots, 6)), 1, 24, z(i + 1, 6))[0]!;
    return l;
  });
}

const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;

function parseOk(text: string) {
  const r = parseCnab240Return(text);
  if (!r.ok) throw new Error(`expected ok, got:\n${r.errors.map(formatCnabError).join('\n')}`);
  return r.value;
}

function errorsOf(result: CnabParseResult): CnabError[] {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

const errorsFor = (lines: readonly string[]): CnabError[] => errorsOf(parseCnab240Return(crlf(lines)));

// ---------------------------------------------------------------------------------------------------
// Hand-written Bradesco-like retorno (bank 237, layout 084/042, density 01600 as in Bradesco's
// CNAB 240 manual; nosso número = carteira 3 + zeros 5 + número 11 + DV 1, DV may be 'P').

const CONTROL = (lot: string, type: string): Array<readonly [number, string]> => [
  [1, '237'], // código do banco
  [4, lot], // lote de serviço
  [8, type], // tipo de registro
];

function segT(
  seq: number,
  movement: string,
  f: {
    nossoNumero: string;
    documentNumber: string;
    dueDate: string;
    amount: number;
    payerType: string;
    payerDocument: string;
    payerName: string;
    fee: number;
    reasons: string;
  },
): string {
  return rec([
    ...CONTROL('0001', '3'),
    [9, z(seq, 5)], // nº sequencial do registro no lote
    [14, 'T'], // segmento
    [16, movement], // C044 código de movimento retorno
    [18, '03344'], // agência
    [23, '7'], // DV agência
    [24, '000000123456'], // conta
    [36, '0'], // DV conta
    [38, f.nossoNumero], // nosso número (20)
    [58, '9'], // carteira
    [59, f.documentNumber], // número do documento (15)
    [74, f.dueDate], // vencimento DDMMAAAA
    [82, z(f.amount, 15)], // valor nominal 13+2
    [97, '237'], // banco cobrador
    [100, '03344'], // agência cobradora
    [105, '7'],
    [106, 'QUITAR-REF'], // uso da empresa (25)
    [131, '09'], // moeda (09 = real)
    [133, f.payerType], // tipo de inscrição do pagador
    [134, f.payerDocument], // número de inscrição (15)
    [149, f.payerName], // nome do pagador (40)
    [189, '0000000000'], // contrato
    [199, z(f.fee, 15)], // tarifa/custas
    [214, f.reasons], // C047 motivos (5 × 2)
  ]);
}

function segU(
  seq: number,
  movement: string,
  f: { interest: number; discount: number; paid: number; net: number; occurred: string; credited: string },
): string {
  return rec([
    ...CONTROL('0001', '3'),
    [9, z(seq, 5)],
    [14, 'U'],
    [16, movement],
    [18, z(f.interest, 15)], // juros/multa/encargos
    [33, z(f.discount, 15)], // desconto
    [48, z(0, 15)], // abatimento
    [63, z(0, 15)], // IOF
    [78, z(f.paid, 15)], // valor pago
    [93, z(f.net, 15)], // valor líquido
    [108, z(0, 15)], // outras despesas
    [123, z(0, 15)], // outros créditos
    [138, f.occurred], // data da ocorrência
    [146, f.credited], // data do crédito
    [158, '00000000'], // ocorrência do pagador: data
    [166, z(0, 15)], // ocorrência do pagador: valor
    [211, '000'], // banco correspondente
    [214, z(0, 20)], // nosso número no banco correspondente
  ]);
}

const BRADESCO_FIXTURE: readonly string[] = [
  // Header de arquivo
  rec([
    ...CONTROL('0000', '0'),
    [18, '2'], // tipo de inscrição: CNPJ
    [19, '12345678000195'], // CNPJ
    [33, '00000000000004567890'], // convênio (20)
    [53, '03344'],
    [58, '7'],
    [59, '000000123456'],
    [71, '0'],
    [73, 'QUITAR RECUPERACAO DE CREDITO'], // nome da empresa (30)
    [103, 'BRADESCO'], // nome do banco (30)
    [143, '2'], // código remessa/retorno: 2 = retorno
    [144, '12032026'], // data de geração
    [152, '061530'], // hora de geração
    [158, '000042'], // NSA
    [164, '084'], // versão do layout (Bradesco)
    [167, '01600'], // densidade
  ]),
  // Header de lote
  rec([
    ...CONTROL('0001', '1'),
    [9, 'T'], // tipo de operação: T = retorno
    [10, '01'], // tipo de serviço: cobrança
    [14, '042'], // versão do layout do lote (Bradesco)
    [18, '2'],
    [19, '012345678000195'],
    [34, '00000000000004567890'],
    [54, '03344'],
    [59, '7'],
    [60, '000000123456'],
    [72, '0'],
    [74, 'QUITAR RECUPERACAO DE CREDITO'],
    [184, '00000042'], // número remessa/retorno
    [192, '12032026'], // data de gravação
    [200, '00000000'], // data do crédito
  ]),
  // 1: liquidação with juros, CPF payer, bank fee; motivo 06 = "por meio eletrônico".
  segT(1, '06', {
    nossoNumero: '0090000000000123456P',
    documentNumber: 'ACD-000123',
    dueDate: '10032026',
    amount: 15000,
    payerType: '1',
    payerDocument: '000052998224725',
    payerName: 'MARIA DA CONCEICAO',
    fee: 250,
    reasons: '06',
  }),
  segU(2, '06', {
    interest: 312,
    discount: 0,
    paid: 15312,
    net: 15062,
    occurred: '12032026',
    credited: '13032026',
  }),
  // 2: entrada confirmada, CNPJ payer, registration fee, no payment yet.
  segT(3, '02', {
    nossoNumero: '00900000000001234578',
    documentNumber: 'ACD-000124',
    dueDate: '30042026',
    amount: 98765,
    payerType: '2',
    payerDocument: '011222333000181',
    payerName: 'COMERCIO DE TECIDOS ACAI LTDA',
    fee: 130,
    reasons: '00',
  }),
  segU(4, '02', { interest: 0, discount: 0, paid: 0, net: 0, occurred: '11032026', credited: '00000000' }),
  // 3: entrada rejeitada: motivos 08 (nosso número inválido) and 16 (vencimento inválido).
  segT(5, '03', {
    nossoNumero: '00900000000001234589',
    documentNumber: 'ACD-000125',
    dueDate: '00000000',
    amount: 5000,
    payerType: '0',
    payerDocument: '000000000000000',
    payerName: '',
    fee: 0,
    reasons: '0816',
  }),
  segU(6, '03', { interest: 0, discount: 0, paid: 0, net: 0, occurred: '11032026', credited: '00000000' }),
  // 4: liquidação após baixa, paid late with juros and a discount.
  segT(7, '17', {
    nossoNumero: '00900000000001234590',
    documentNumber: 'ACD-000126',
    dueDate: '05012026',
    amount: 20000,
    payerType: '1',
    payerDocument: '000011144477735',
    payerName: 'JOAO PEREIRA',
    fee: 250,
    reasons: '04',
  }),
  segU(8, '17', {
    interest: 440,
    discount: 100,
    paid: 20340,
    net: 20090,
    occurred: '11032026',
    credited: '12032026',
  }),
  // 5: baixa comandada pelo cliente (motivo 10).
  segT(9, '09', {
    nossoNumero: '00900000000001234601',
    documentNumber: 'ACD-000127',
    dueDate: '15022026',
    amount: 7000,
    payerType: '1',
    payerDocument: '000052998224725',
    payerName: 'MARIA DA CONCEICAO',
    fee: 0,
    reasons: '10',
  }),
  segU(10, '09', { interest: 0, discount: 0, paid: 0, net: 0, occurred: '12032026', credited: '00000000' }),
  // Trailer de lote: 12 records (header + 10 details + trailer); 5 titles worth 1.457,65.
  rec([
    ...CONTROL('0001', '5'),
    [18, '000012'], // quantidade de registros do lote
    [24, '000005'], // quantidade de títulos em cobrança simples
    [30, z(145765, 17)], // valor total
    [47, z(0, 6)],
    [53, z(0, 17)],
    [70, z(0, 6)],
    [76, z(0, 17)],
    [93, z(0, 6)],
    [99, z(0, 17)],
  ]),
  // Trailer de arquivo: 1 lot, 14 records.
  rec([...CONTROL('9999', '9'), [18, '000001'], [24, '000014'], [30, '000000']]),
];

/** Segment Y (opcional, e.g. Y-03 Pix): only the control fields matter to the parser. */
const SEGMENT_Y = rec([...CONTROL('0001', '3'), [9, '00000'], [14, 'Y'], [16, '06'], [18, '03']]);

// ---------------------------------------------------------------------------------------------------
// Real public return files, verbatim, from the test fixtures of eduardokum/laravel-boleto (MIT):
// tests/files/cnab240/caixa.ret (commit f6c15f06bcbf85084113926cdbfb8c0ff4332da2) and
// tests/Retorno/files/cnab240/banco_brasil.ret (commit 6a5d36e2e29f6bf242736b979f8ddc0fa6f90feb).

const CAIXA_SAMPLE: readonly string[] = [
  '10400000         2090183800001990000000000000000000001234204321000000000EMPRESA                       C ECON FEDERAL                          20601201405551100162204000000                    RETORNO-PRODUCAO                  000            ',
  '10400011T0100030 20090183800001990000000000000000000001234204321000000000EMPRESA                                                                                                       00001622060120140000000000                          00   ',
  '1040001300001T 060000000432100000000   240000000111369979100000000000000002012014000000000008000000010860000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300002U 06000000000000000000000000000000000000000000000000000000000000000000000008000000000000008000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300003T 060000000432100000000   240000000111381979100000000000000005012014000000000008000000033170000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300004U 06000000000000000000000000000000000000000000000000000000000000000000000008000000000000008000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300005T 060000000432100000000   240000000111378897100000000000000010012014000000000008000000011920000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300006U 06000000000000000000000000001000000000000000000000000000000000000000000007000000000000007000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300007T 060000000432100000000   240000000111371256100000000000000010012014000000000008000000011920000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300008U 06000000000000000000000000001000000000000000000000000000000000000000000007000000000000007000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300009T 060000000432100000000   240000000000222473100000000000000015012014000000000008000000002700000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300010U 06000000000000000000000000001000000000000000000000000000000000000000000007000000000000007000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300011T 060000000432100000000   240000000111369162100000000000000010012014000000000008000000031280000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300012U 06000000000000000000000000001000000000000000000000000000000000000000000007000000000000007000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300013T 060000000432100000000   240000000111368980100000000000000010012014000000000008000000036620000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300014U 06000000000000000000000000000000000000000000000000000000000000000000000008000000000000008000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300015T 060000000432100000000   240000000000319990100000000000000010012014000000000048000000011920000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300016U 06000000000000000000000000006000000000000000000000000000000000000000000042000000000000042000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '1040001300017T 060000000432100000000   240000000000305727100000000000000010012014000000000008000237017950000000000000000          090000000000000000                                                  000000000000125020101                     ',
  '1040001300018U 06000000000000000000000000001000000000000000000000000000000000000000000007000000000000007000000000000000000000000000000000060120140701201400000701201400000000000000000000000000000000000000000000000000000000000000000000       ',
  '10400015         00002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000                                                                                                                             ',
  '10499999         000001000022                                                                                                                                                                                                                   ',
];

const BB_SAMPLE_AS_PUBLISHED: readonly string[] = [
  '00100000         2026599530001760032948600014       0032860000000075367 SAPATARIA E CONFECSOES JIBA   BANCO DO BRASIL                         22103201102475000025703000000909214318PROCESSAMEN                                                 ',
  '00100011T0100020 20026599530001760032948600014       0032860000000075367 SAPATARIA E CONFECSOES JIBA                                                                                    000000002103201100000000  000000000                      ',
  '0010001300001T 060032860000000075367 32948600000000196   1               23032011000000000004000237009880                         0900000000000000000000000000000000000000000000000000000   000000000000000000000050000        180273294860     ',
  '0010001300002U 060000000000000000000000000000000000000000000000000000000000000000000000040000000000000035000000000000000000000000000000002103201123032011            000000000000000                              000                           ',
  '0010001300003T 060032860000000075367 32948600000000236   1               25032011000000000003000033045680                         0900000000000000000000000000000000000000000000000000000   000000000000000000000050000        180273294860     ',
  '0010001300004U 060000000000000000000000000000000000000000000000000000000000000000000000030000000000000025000000000000000000000000000000002103201123032011            000000000000000                              000                           ',
  '0010001300005T 060032860000000075367 32948600000000244   1               23032011000000000001500104004900                         0900000000000000000000000000000000000000000000000000000   000000000000000000000050000        180273294860     ',
  '0010001300006U 060000000000000000000000000000000000000000000000000000000000000000000000015000000000000010000000000000000000000000000000002103201123032011            000000000000000                              000                           ',
  '0010001300007T 060032860000000075367 32948600000000249   1               23032011000000000001500104022660                         0900000000000000000000000000000000000000000000000000000   000000000000000000000050000        180273294860     ',
  '0010001300008U 060000000000000000000000000000000000000000000000000000000000000000000000015000000000000010000000000000000000000000000000002103201123032011            000000000000000                              000                           ',
  '0010001300009T 060032860000000075367 32948600000005048   1               01042011000000000002880033002570                         0900000000000000000000000000000000000000000000000000000   000000000000000000000050000        180273294860     ',
  '0010001300010U 060000000000000000000000000000000000000000000000000000000000000000000000028800000000000023800000000000000000000000000000002103201123032011            000000000000000                              000                           ',
  '00100015         000012000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000                                                                                              ',
  '00199999         000001000014000000                                                                                                                                                            00000000000000000000000000000                    ',
];

/** BB's lot header as published has 81 blanks in 104-184 (FEBRABAN: 80), so the record is 241 long. */
const BB_SAMPLE_REPAIRED: readonly string[] = BB_SAMPLE_AS_PUBLISHED.map((l, i) =>
  i === 1 ? l.slice(0, 103) + l.slice(104) : l,
);

// ---------------------------------------------------------------------------------------------------

describe('parseCnab240Return: hand-written Bradesco-like fixture', () => {
  it('fixture lines are all 240 columns', () => {
    expect(BRADESCO_FIXTURE.map((l) => l.length)).toEqual(new Array(14).fill(240));
  });

  it('reads the file header', () => {
    const file = parseOk(crlf(BRADESCO_FIXTURE));
    const { entries, ...header } = file;
    expect(header).toEqual({
      bankCode: '237',
      bankName: 'BRADESCO',
      companyDocument: '12345678000195',
      companyName: 'QUITAR RECUPERACAO DE CREDITO',
      agreementCode: '00000000000004567890',
      agency: '03344',
      agencyDigit: '7',
      account: '000000123456',
      accountDigit: '0',
      generatedAt: '2026-03-12',
      fileSequence: 42,
      lotCount: 1,
    });
    expect(entries).toHaveLength(5);
  });

  it('reads a liquidação pair field by field', () => {
    const [first] = parseOk(crlf(BRADESCO_FIXTURE)).entries;
    expect(first).toEqual<CnabEntry>({
      line: 3,
      uLine: 4,
      lotNumber: 1,
      bankCode: '237',
      movementCode: '06',
      movementDescription: 'Liquidação',
      settled: true,
      nossoNumero: '0090000000000123456P',
      documentNumber: 'ACD-000123',
      dueDate: '2026-03-10',
      titleAmountCents: 15000,
      feeCents: 250,
      payerDocument: '52998224725',
      payerName: 'MARIA DA CONCEICAO',
      reasonCodes: ['06'],
      interestPenaltyCents: 312,
      discountCents: 0,
      rebateCents: 0,
      iofCents: 0,
      amountPaidCents: 15312,
      netCreditCents: 15062,
      otherExpensesCents: 0,
      otherCreditsCents: 0,
      occurrenceDate: '2026-03-12',
      creditDate: '2026-03-13',
    });
  });

  it('maps every movement: settled only for 06 and 17; nullable dates and documents', () => {
    const entries = parseOk(crlf(BRADESCO_FIXTURE)).entries;
    expect(
      entries.map((e) => [e.line, e.movementCode, e.movementDescription, e.settled, e.dueDate, e.creditDate]),
    ).toEqual([
      [3, '06', 'Liquidação', true, '2026-03-10', '2026-03-13'],
      [5, '02', 'Entrada confirmada', false, '2026-04-30', null],
      [7, '03', 'Entrada rejeitada', false, null, null],
      [
        9,
        '17',
        'Liquidação após baixa ou liquidação de título não registrado',
        true,
        '2026-01-05',
        '2026-03-12',
      ],
      [11, '09', 'Baixa', false, '2026-02-15', null],
    ]);
    expect(entries[1]).toMatchObject({
      payerDocument: '11222333000181',
      payerName: 'COMERCIO DE TECIDOS ACAI LTDA',
      feeCents: 130,
      reasonCodes: [],
    });
    expect(entries[2]).toMatchObject({ payerDocument: null, payerName: null, reasonCodes: ['08', '16'] });
    expect(entries[3]).toMatchObject({
      interestPenaltyCents: 440,
      discountCents: 100,
      amountPaidCents: 20340,
      netCreditCents: 20090,
      payerDocument: '11144477735',
    });
  });

  it('accepts LF, CRLF, mixed endings, no final line break and a UTF-8 BOM', () => {
    const expected = parseOk(crlf(BRADESCO_FIXTURE));
    const variants = [
      BRADESCO_FIXTURE.join('\n'),
      `${BRADESCO_FIXTURE.join('\n')}\n`,
      BRADESCO_FIXTURE.join('\r\n'),
      `\uFEFF${crlf(BRADESCO_FIXTURE)}`,
      `\uFEFF${BRADESCO_FIXTURE.join('\n')}`,
      BRADESCO_FIXTURE.map((l, i) => l + (i % 2 === 0 ? '\r\n' : '\n')).join(''),
    ];
    for (const text of variants) expect(parseOk(text)).toEqual(expected);
  });

  it('accepts Latin-1 letters in text fields', () => {
    const lines = setAt(BRADESCO_FIXTURE, 3, 149, 'JOSÉ CONCEIÇÃO'.padEnd(40));
    expect(parseOk(crlf(lines)).entries[0]?.payerName).toBe('JOSÉ CONCEIÇÃO');
  });

  it('accepts an optional segment Y after a T/U pair and ignores it', () => {
    const lines = renumber(insertAfter(BRADESCO_FIXTURE, 4, SEGMENT_Y));
    const file = parseOk(crlf(lines));
    expect(file.entries.map((e) => e.line)).toEqual([3, 6, 8, 10, 12]);
  });

  it('accepts a file whose only lot has no movement', () => {
    const lines = renumber([...BRADESCO_FIXTURE.slice(0, 2), ...BRADESCO_FIXTURE.slice(12)]);
    const file = parseOk(crlf(lines));
    expect(file.entries).toEqual([]);
    expect(file.lotCount).toBe(1);
  });
});

describe('parseCnab240Return: real public samples', () => {
  it('Caixa (laravel-boleto caixa.ret): 9 liquidações', () => {
    const file = parseOk(CAIXA_SAMPLE.join('\n'));
    const { entries, ...header } = file;
    expect(header).toEqual({
      bankCode: '104',
      bankName: 'C ECON FEDERAL',
      companyDocument: '09018380000199',
      companyName: 'EMPRESA',
      agreementCode: undefined,
      agency: '01234',
      agencyDigit: '2',
      account: '043210000000',
      accountDigit: '0',
      generatedAt: '2014-01-06',
      fileSequence: 1622,
      lotCount: 1,
    });
    expect(entries).toHaveLength(9);
    expect(entries.every((e) => e.settled && e.movementCode === '06')).toBe(true);
    expect(entries[0]).toEqual<CnabEntry>({
      line: 3,
      uLine: 4,
      lotNumber: 1,
      bankCode: '104',
      movementCode: '06',
      movementDescription: 'Liquidação',
      settled: true,
      nossoNumero: '240000000111369979',
      documentNumber: '000000000000000',
      dueDate: '2014-01-02',
      titleAmountCents: 8000,
      feeCents: 125,
      payerDocument: null,
      payerName: null,
      reasonCodes: ['02', '01', '01'],
      interestPenaltyCents: 0,
      discountCents: 0,
      rebateCents: 0,
      iofCents: 0,
      amountPaidCents: 8000,
      netCreditCents: 8000,
      otherExpensesCents: 0,
      otherCreditsCents: 0,
      occurrenceDate: '2014-01-06',
      creditDate: '2014-01-07',
    });
    expect(entries[2]).toMatchObject({
      nossoNumero: '240000000111378897',
      discountCents: 1000,
      amountPaidCents: 7000,
    });
    expect(entries.reduce((sum, e) => sum + e.amountPaidCents, 0)).toBe(101_000);
  });

  it('Banco do Brasil (laravel-boleto banco_brasil.ret) as published: 241-column lot header', () => {
    expect(errorsOf(parseCnab240Return(BB_SAMPLE_AS_PUBLISHED.join('\n')))).toEqual([
      { line: 2, message: 'Registro com 241 caracteres: o layout CNAB 240 exige exatamente 240.' },
    ]);
  });

  it('Banco do Brasil, lot header repaired to 240 columns: 5 liquidações net of a R$ 5,00 fee', () => {
    const file = parseOk(BB_SAMPLE_REPAIRED.join('\n'));
    expect(file).toMatchObject({
      bankCode: '001',
      bankName: 'BANCO DO BRASIL',
      companyDocument: '02659953000176',
      companyName: 'SAPATARIA E CONFECSOES JIBA',
      generatedAt: '2011-03-21',
      fileSequence: 257,
      lotCount: 1,
    });
    expect(
      file.entries.map((e) => [e.nossoNumero, e.titleAmountCents, e.amountPaidCents, e.netCreditCents]),
    ).toEqual([
      ['32948600000000196', 4000, 4000, 3500],
      ['32948600000000236', 3000, 3000, 2500],
      ['32948600000000244', 1500, 1500, 1000],
      ['32948600000000249', 1500, 1500, 1000],
      ['32948600000005048', 2880, 2880, 2380],
    ]);
    expect(file.entries[0]).toMatchObject({
      dueDate: '2011-03-23',
      feeCents: 500,
      occurrenceDate: '2011-03-21',
      creditDate: '2011-03-23',
      payerDocument: null,
      // BB fills the payer name with zeros in this sample; the parser does not second-guess it.
      payerName: '0000000000000000000000000000000000000',
      reasonCodes: [],
      settled: true,
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('parseCnab240Return: malformed files (each rejects the whole file)', () => {
  const F = BRADESCO_FIXTURE;

  it('empty file', () => {
    expect(errorsOf(parseCnab240Return(''))).toEqual([
      { line: 1, message: 'Arquivo vazio: nenhum registro CNAB 240 encontrado.' },
    ]);
  });

  it('only whitespace (and a BOM)', () => {
    expect(errorsOf(parseCnab240Return('\uFEFF  \r\n \n\t\n'))).toEqual([
      { line: 1, message: 'Arquivo vazio: nenhum registro CNAB 240 encontrado.' },
    ]);
  });

  it('record too short', () => {
    const lines = F.map((l, i) => (i === 4 ? l.slice(0, 239) : l));
    expect(errorsFor(lines)).toEqual([
      { line: 5, message: 'Registro com 239 caracteres: o layout CNAB 240 exige exatamente 240.' },
    ]);
  });

  it('record too long', () => {
    const lines = F.map((l, i) => (i === 5 ? `${l} ` : l));
    expect(errorsFor(lines)).toEqual([
      { line: 6, message: 'Registro com 241 caracteres: o layout CNAB 240 exige exatamente 240.' },
    ]);
  });

  it('blank line in the middle', () => {
    expect(errorsFor(insertAfter(F, 6, ''))).toEqual([
      { line: 7, message: 'Linha vazia: todo registro CNAB 240 deve ter exatamente 240 caracteres.' },
    ]);
  });

  it('extra blank line at the end (only one final line break is allowed)', () => {
    expect(errorsOf(parseCnab240Return(`${crlf(F)}\r\n`))).toMatchObject([
      { line: 15, message: /Linha vazia/ },
    ]);
  });

  it('non-digit in the title amount (T 82-96)', () => {
    expect(errorsFor(setAt(F, 3, 90, 'A'))).toEqual([
      {
        line: 3,
        position: 82,
        field: 'titleAmountCents',
        value: '00000000A015000',
        message:
          'Valor nominal do título (posições 82-96) deve conter apenas dígitos; encontrado "00000000A015000".',
      },
    ]);
  });

  it('blanks in the amount paid (U 78-92)', () => {
    expect(errorsFor(setAt(F, 4, 78, ' '.repeat(15)))).toMatchObject([
      {
        line: 4,
        position: 78,
        field: 'amountPaidCents',
        message: /Valor pago pelo pagador \(posições 78-92\)/,
      },
    ]);
  });

  it('non-digit in the net credit (U 93-107)', () => {
    expect(errorsFor(setAt(F, 6, 100, '-'))).toMatchObject([
      { line: 6, position: 93, field: 'netCreditCents', message: /apenas dígitos/ },
    ]);
  });

  it('31/02 is not a date (U 138-145)', () => {
    expect(errorsFor(setAt(F, 4, 138, '31022026'))).toEqual([
      {
        line: 4,
        position: 138,
        field: 'occurrenceDate',
        value: '31022026',
        message: 'Data da ocorrência (posições 138-145) contém data inválida "31022026" (formato DDMMAAAA).',
      },
    ]);
  });

  it('month 13 in the due date (T 74-81)', () => {
    expect(errorsFor(setAt(F, 5, 74, '15132026'))).toMatchObject([
      { line: 5, position: 74, field: 'dueDate', message: /data inválida "15132026"/ },
    ]);
  });

  it('29/02 of a common year in the credit date (U 146-153)', () => {
    expect(errorsFor(setAt(F, 8, 146, '29022025'))).toMatchObject([
      { line: 8, position: 146, field: 'creditDate', message: /data inválida "29022025"/ },
    ]);
  });

  it('zeros are not accepted as the file generation date (header 144-151)', () => {
    expect(errorsFor(setAt(F, 1, 144, '00000000'))).toMatchObject([
      { line: 1, position: 144, field: 'generatedAt', message: /Data de geração do arquivo/ },
    ]);
  });

  it('non-digit file sequence (header 158-163)', () => {
    expect(errorsFor(setAt(F, 1, 158, '00004X'))).toMatchObject([
      { line: 1, position: 158, field: 'fileSequence', message: /Número sequencial do arquivo/ },
    ]);
  });

  it('missing file header', () => {
    expect(errorsFor(F.slice(1))).toEqual([
      {
        line: 1,
        position: 8,
        field: 'recordType',
        value: '1',
        message: 'Header de arquivo (tipo 0) ausente: o primeiro registro é header de lote.',
      },
      expect.objectContaining({
        line: 13,
        position: 24,
        field: 'recordCount',
        message: expect.stringMatching(/informa 14, mas o arquivo tem 13/),
      }),
    ]);
  });

  it('missing file trailer', () => {
    expect(errorsFor(F.slice(0, -1))).toEqual([
      { line: 13, message: 'Fim do arquivo sem o trailer de arquivo (tipo 9).' },
    ]);
  });

  it('wrong record type', () => {
    expect(errorsFor(setAt(F, 7, 8, '4'))).toMatchObject([
      {
        line: 7,
        position: 8,
        field: 'recordType',
        message: 'Tipo de registro (posição 8) inválido "4": esperado 0, 1, 3, 5 ou 9.',
      },
      { line: 8, position: 14, message: 'Segmento U sem o segmento T correspondente imediatamente antes.' },
    ]);
  });

  it('segment T followed by another T', () => {
    expect(errorsFor(renumber(without(F, 4)))).toEqual([
      {
        line: 3,
        position: 14,
        field: 'segment',
        message:
          'Segmento T sem o segmento U correspondente: o registro seguinte (linha 4) não é um segmento U.',
      },
    ]);
  });

  it('segment T as the last detail of the lot', () => {
    expect(errorsFor(renumber(without(F, 12)))).toMatchObject([
      { line: 11, position: 14, message: /Segmento T sem o segmento U.*\(linha 12\)/ },
    ]);
  });

  it('segment U without its T', () => {
    expect(errorsFor(renumber(without(F, 3)))).toEqual([
      {
        line: 3,
        position: 14,
        field: 'segment',
        message: 'Segmento U sem o segmento T correspondente imediatamente antes.',
      },
    ]);
  });

  it('movement code of U differs from its T', () => {
    expect(errorsFor(setAt(F, 4, 16, '09'))).toEqual([
      {
        line: 4,
        position: 16,
        field: 'movementCode',
        value: '09',
        message:
          'Código de movimento retorno (posições 16-17) do segmento U ("09") difere do segmento T da linha 3 ("06").',
      },
    ]);
  });

  it('non-digit movement code in T and U', () => {
    expect(errorsFor(setAt(setAt(F, 5, 16, 'AB'), 6, 16, 'AB'))).toMatchObject([
      { line: 5, position: 16, field: 'movementCode', message: /apenas dígitos; encontrado "AB"/ },
      { line: 6, position: 16, field: 'movementCode', message: /apenas dígitos; encontrado "AB"/ },
    ]);
  });

  it('blank nosso número (T 38-57)', () => {
    expect(errorsFor(setAt(F, 9, 38, ' '.repeat(20)))).toMatchObject([
      {
        line: 9,
        position: 38,
        field: 'nossoNumero',
        message: /nosso número\) \(posições 38-57\) está em branco/,
      },
    ]);
  });

  it('punctuation in the payer document (T 134-148)', () => {
    expect(errorsFor(setAt(F, 3, 140, '-'))).toMatchObject([
      { line: 3, position: 134, field: 'payerDocument', message: /Número de inscrição do pagador/ },
    ]);
  });

  it('file trailer with the wrong lot count', () => {
    expect(errorsFor(setAt(F, 14, 18, '000002'))).toEqual([
      {
        line: 14,
        position: 18,
        field: 'lotCount',
        value: '000002',
        message: 'Quantidade de lotes do arquivo (posições 18-23) informa 2, mas o arquivo tem 1 lote(s).',
      },
    ]);
  });

  it('file trailer with the wrong record count', () => {
    expect(errorsFor(setAt(F, 14, 24, '000015'))).toMatchObject([
      { line: 14, position: 24, field: 'recordCount', message: /informa 15, mas o arquivo tem 14 registros/ },
    ]);
  });

  it('lot trailer with the wrong record count', () => {
    expect(errorsFor(setAt(F, 13, 18, '000010'))).toMatchObject([
      {
        line: 13,
        position: 18,
        field: 'lotRecordCount',
        message:
          'Quantidade de registros no lote (posições 18-23) informa 10, mas o lote tem 12 registros (header e trailer incluídos).',
      },
    ]);
  });

  it('sequence number out of order in the lot (reported once)', () => {
    expect(errorsFor(setAt(F, 6, 9, '00009'))).toEqual([
      {
        line: 6,
        position: 9,
        field: 'sequenceNumber',
        value: '00009',
        message:
          'Número sequencial do registro no lote (posições 9-13) fora de ordem: esperado 00004, encontrado 00009.',
      },
    ]);
  });

  it('a record missing from the numbering (gap reported once)', () => {
    const lines = F.map((l, i) => (i >= 5 && i <= 11 ? setAt([l], 1, 9, z(i, 5))[0]! : l));
    expect(errorsFor(lines)).toMatchObject([
      { line: 6, position: 9, message: /esperado 00004, encontrado 00005/ },
    ]);
  });

  it('another bank code in one record', () => {
    expect(errorsFor(setAt(F, 8, 1, '341'))).toEqual([
      {
        line: 8,
        position: 1,
        field: 'bankCode',
        value: '341',
        message:
          'Código do banco na compensação (posições 1-3) "341" difere do informado no header de arquivo ("237").',
      },
    ]);
  });

  it('bank code that is not 3 digits', () => {
    const lines = F.map((l) => `2X7${l.slice(3)}`);
    expect(errorsFor(lines)).toMatchObject([
      { line: 1, position: 1, field: 'bankCode', message: /deve ter 3 dígitos/ },
    ]);
  });

  it('a remessa instead of a retorno: one clear error, nothing else checked', () => {
    expect(errorsFor(setAt(setAt(F, 1, 143, '1'), 3, 82, 'X'))).toEqual([
      {
        line: 1,
        position: 143,
        field: 'fileKind',
        value: '1',
        message:
          "Código remessa/retorno (posição 143) = '1': arquivo de remessa, não de retorno. Envie o arquivo de retorno recebido do banco.",
      },
    ]);
  });

  it('invalid remessa/retorno code', () => {
    expect(errorsFor(setAt(F, 1, 143, ' '))).toMatchObject([
      { line: 1, position: 143, field: 'fileKind', message: /deve ser '2' \(retorno\)/ },
    ]);
  });

  it('control character (TAB)', () => {
    expect(errorsFor(setAt(F, 5, 160, '\t'))).toEqual([
      {
        line: 5,
        position: 160,
        message:
          'Caractere de controle U+0009 na posição 160: só são aceitos caracteres imprimíveis ASCII/Latin-1.',
      },
    ]);
  });

  it('NUL byte', () => {
    expect(errorsFor(setAt(F, 13, 200, '\u0000'))).toMatchObject([
      { line: 13, position: 200, message: /U\+0000/ },
    ]);
  });

  it('character outside Latin-1 (€, or U+FFFD from a wrong decoding)', () => {
    expect(errorsFor(setAt(setAt(F, 3, 149, '€'), 9, 150, '\uFFFD'))).toMatchObject([
      {
        line: 3,
        position: 149,
        message: 'Caractere U+20AC na posição 149: só são aceitos caracteres imprimíveis ASCII/Latin-1.',
      },
      { line: 9, position: 150, message: /U\+FFFD/ },
    ]);
  });

  it('classic Mac CR-only line endings', () => {
    // The whole file is one line: one length error, the CR as a control character, no trailer.
    expect(errorsOf(parseCnab240Return(F.join('\r')))).toMatchObject([
      {
        line: 1,
        message: `Registro com ${14 * 240 + 13} caracteres: o layout CNAB 240 exige exatamente 240.`,
      },
      { line: 1, message: 'Fim do arquivo sem o trailer de arquivo (tipo 9).' },
      { line: 1, position: 241, message: /Caractere de controle U\+000D/ },
    ]);
  });

  it('unknown segment code', () => {
    expect(errorsFor(setAt(F, 5, 14, 'P'))).toEqual([
      {
        line: 5,
        position: 14,
        field: 'segment',
        value: 'P',
        message: 'Segmento "P" não previsto em retorno de cobrança: esperado T, U ou Y.',
      },
      {
        line: 6,
        position: 14,
        field: 'segment',
        message: 'Segmento U sem o segmento T correspondente imediatamente antes.',
      },
    ]);
  });

  it('segment Y not preceded by a T/U pair', () => {
    expect(errorsFor(renumber(insertAfter(F, 2, SEGMENT_Y)))).toMatchObject([
      {
        line: 3,
        position: 14,
        message: 'Segmento Y (opcional) só pode vir depois de um par de segmentos T/U.',
      },
    ]);
  });

  it('missing lot header', () => {
    expect(errorsFor(renumber(without(F, 2)))).toEqual([
      {
        line: 2,
        position: 8,
        field: 'recordType',
        message: 'Registro detalhe fora de lote: falta o header de lote (tipo 1) antes dele.',
      },
    ]);
  });

  it('missing lot trailer', () => {
    expect(errorsFor(renumber(without(F, 13)))).toEqual([
      {
        line: 13,
        message:
          'Lote 0001 (header na linha 2) não foi encerrado por um trailer de lote (tipo 5) antes do trailer de arquivo.',
      },
    ]);
  });

  it('lot trailer before the details', () => {
    const lines = renumber([...F.slice(0, 2), F[12]!, ...F.slice(2, 12), F[13]!]);
    expect(errorsFor(lines)).toMatchObject([
      { line: 4, position: 8, message: /Registro detalhe fora de lote/ },
    ]);
  });

  it('lot trailer without a lot header', () => {
    expect(errorsFor(renumber(insertAfter(F, 13, F[12]!)))).toMatchObject([
      { line: 14, position: 8, message: 'Trailer de lote (tipo 5) sem o header de lote correspondente.' },
    ]);
  });

  it('second lot header before the first lot trailer', () => {
    const lot2 = F.slice(1, 13).map((l) => setAt([l], 1, 4, '0002')[0]!);
    const lines = renumber([...F.slice(0, 12), ...lot2, F[13]!]);
    expect(errorsFor(lines)).toMatchObject([
      {
        line: 13,
        message: /Lote 0001 \(header na linha 2\) não foi encerrado.*antes do header de lote seguinte/,
      },
    ]);
  });

  it('lot numbers out of sequence (0001, 0003)', () => {
    const lot3 = F.slice(1, 13).map((l) => setAt([l], 1, 4, '0003')[0]!);
    const lines = renumber([...F.slice(0, 13), ...lot3, F[13]!]);
    expect(errorsFor(lines)).toEqual([
      {
        line: 14,
        position: 4,
        field: 'lotNumber',
        value: '0003',
        message: 'Lote de serviço (posições 4-7) fora de sequência: esperado 0002, encontrado 0003.',
      },
    ]);
  });

  it('detail whose lot number differs from its lot header', () => {
    expect(errorsFor(setAt(F, 7, 4, '0002'))).toMatchObject([
      {
        line: 7,
        position: 4,
        field: 'lotNumber',
        message: /deveria ser 0001 \(o do header do lote\); encontrado "0002"/,
      },
    ]);
  });

  it('file header and trailer with the wrong lot number', () => {
    expect(errorsFor(setAt(setAt(F, 1, 4, '0001'), 14, 4, '9998'))).toMatchObject([
      { line: 1, position: 4, message: /deve ser 0000 no header de arquivo/ },
      { line: 14, position: 4, message: /deve ser 9999 no trailer de arquivo/ },
    ]);
  });

  it('record after the file trailer', () => {
    expect(errorsFor([...F, F[13]!])).toEqual([
      {
        line: 15,
        position: 8,
        field: 'recordType',
        message: 'Registro (trailer de arquivo) depois do trailer de arquivo da linha 14.',
      },
    ]);
  });

  it('file header repeated', () => {
    expect(errorsFor(renumber(insertAfter(F, 1, F[0]!)))).toMatchObject([
      {
        line: 2,
        position: 8,
        message: 'Header de arquivo (tipo 0) repetido: o arquivo já começou na linha 1.',
      },
    ]);
  });

  it("lot header of a remessa ('R') or of another service", () => {
    expect(errorsFor(setAt(setAt(F, 2, 9, 'R'), 2, 10, '03'))).toMatchObject([
      {
        line: 2,
        position: 9,
        field: 'operationType',
        message: /deve ser 'T' \(arquivo retorno\); encontrado "R"/,
      },
      { line: 2, position: 10, field: 'serviceType', message: /deve ser '01' \(cobrança\); encontrado "03"/ },
    ]);
  });

  it('collects every error of a file, in line order', () => {
    let lines = setAt(F, 3, 82, 'ABC'); // T amount
    lines = setAt(lines, 6, 138, '32032026'); // U date
    lines = setAt(lines, 10, 1, '033'); // bank
    lines = setAt(lines, 13, 18, '000099'); // lot trailer count
    lines = lines.map((l, i) => (i === 11 ? l.slice(0, 200) : l)); // U too short
    expect(errorsFor(lines)).toMatchObject([
      { line: 3, position: 82, field: 'titleAmountCents' },
      { line: 6, position: 138, field: 'occurrenceDate' },
      { line: 10, position: 1, field: 'bankCode' },
      { line: 12, message: /200 caracteres/ },
      { line: 13, position: 18, field: 'lotRecordCount' },
    ]);
  });

  it(`caps the list at ${MAX_CNAB_ERRORS} errors plus one summary`, () => {
    const errors = errorsOf(parseCnab240Return(new Array(500).fill('x').join('\n')));
    expect(errors).toHaveLength(MAX_CNAB_ERRORS + 1);
    expect(errors[0]).toMatchObject({ line: 1, message: /1 caracteres/ });
    expect(errors[MAX_CNAB_ERRORS]).toEqual({
      line: 201,
      message: `Mais 301 erro(s) omitido(s) a partir desta linha (limite de ${MAX_CNAB_ERRORS}).`,
    });
  });
});

describe('movement descriptions and error formatting', () => {
  it('describes known and unknown movement codes in pt-BR', () => {
    expect(describeMovement('28')).toBe('Débito de tarifas/custas');
    expect(describeMovement('99')).toBe('Movimento não mapeado (código 99)');
  });

  it('formats an error for logs', () => {
    expect(formatCnabError({ line: 3, position: 82, message: 'x' })).toBe('Linha 3, posição 82: x');
    expect(formatCnabError({ line: 14, message: 'y' })).toBe('Linha 14: y');
  });
});
