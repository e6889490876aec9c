import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCnabError, parseCnab240Return } from '../../src/modules/payments/cnab240.rules.ts';
import {
  buildCnab240Return,
  type CnabReturnBuildEntry,
  type CnabReturnBuildInput,
} from './cnab240-builder.ts';

// The test builder writes what the parser reads: every build round-trips through parseCnab240Return.

function parseOk(text: string) {
  const r = parseCnab240Return(text);
  if (!r.ok) throw new Error(`expected ok, got:\n${r.errors.map(formatCnabError).join('\n')}`);
  return r.value;
}

const BASE_INPUT: CnabReturnBuildInput = {
  bankCode: '237',
  companyName: 'Quitar Recuperação de Crédito Ltda',
  companyDocument: '12.345.678/0001-95',
  agency: '3344-7',
  account: '123456-0',
  agreementCode: '4567890',
  fileSequence: 43,
  generatedAt: '2026-03-13',
  entries: [],
};

const ENTRIES: CnabReturnBuildEntry[] = [
  {
    nossoNumero: '0090000000000123456P',
    documentNumber: 'ACD-000123',
    dueDate: '2026-03-10',
    titleAmountCents: 15000,
    amountPaidCents: 15312,
    interestPenaltyCents: 312,
    feeCents: 250,
    occurrenceDate: '2026-03-12',
    creditDate: '2026-03-13',
    payerName: 'Maria da Conceição',
    payerDocument: '529.982.247-25',
    reasonCodes: ['06'],
  },
  {
    nossoNumero: '00900000000001234578',
    movementCode: '02',
    dueDate: '2026-04-30',
    titleAmountCents: 98765,
    amountPaidCents: 0,
    feeCents: 130,
    netCreditCents: 0,
    occurrenceDate: '2026-03-11',
    payerName: 'Comércio de Tecidos Açaí Ltda',
    payerDocument: '11.222.333/0001-81',
  },
  {
    nossoNumero: 'NN-3',
    movementCode: '03',
    dueDate: null,
    titleAmountCents: 5000,
    amountPaidCents: 0,
    occurrenceDate: '2026-03-11',
    reasonCodes: ['08', '16'],
  },
  {
    nossoNumero: 'NN-4',
    movementCode: '17',
    documentNumber: 'ACD-000126',
    titleAmountCents: 20000,
    amountPaidCents: 20340,
    interestPenaltyCents: 440,
    discountCents: 100,
    rebateCents: 0,
    feeCents: 250,
    occurrenceDate: '2026-03-11',
    creditDate: '2026-03-12',
    payerDocument: '12ABC34501DE35',
  },
  {
    nossoNumero: 'NN-5',
    titleAmountCents: 7000,
    amountPaidCents: 7000,
    occurrenceDate: '2026-03-12',
    creditDate: '2026-03-13',
  },
];

/** What the parser must give back for a build entry (defaults of buildCnab240Return applied). */
function expectedEntry(e: CnabReturnBuildEntry) {
  const movementCode = e.movementCode ?? '06';
  return {
    movementCode,
    settled: movementCode === '06' || movementCode === '17',
    nossoNumero: e.nossoNumero,
    documentNumber: e.documentNumber ?? null,
    dueDate: e.dueDate ?? null,
    titleAmountCents: e.titleAmountCents,
    feeCents: e.feeCents ?? 0,
    payerDocument: e.payerDocument === undefined ? null : e.payerDocument.replace(/[.\-/]/g, ''),
    reasonCodes: e.reasonCodes ?? [],
    interestPenaltyCents: e.interestPenaltyCents ?? 0,
    discountCents: e.discountCents ?? 0,
    rebateCents: e.rebateCents ?? 0,
    iofCents: 0,
    amountPaidCents: e.amountPaidCents,
    netCreditCents: e.netCreditCents ?? e.amountPaidCents - (e.feeCents ?? 0),
    otherExpensesCents: 0,
    otherCreditsCents: 0,
    occurrenceDate: e.occurrenceDate,
    creditDate: e.creditDate ?? null,
  };
}

describe('buildCnab240Return', () => {
  it('writes 240-column records with CRLF and a final CRLF', () => {
    const text = buildCnab240Return({ ...BASE_INPUT, entries: ENTRIES, entriesPerLot: 2 });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    // header + 3 lots (2, 2 and 1 pairs, each with header and trailer) + trailer
    expect(lines).toHaveLength(1 + (2 + 4) + (2 + 4) + (2 + 2) + 1);
    expect(lines.every((l) => l.length === 240 && !l.includes('\n') && !l.includes('\r'))).toBe(true);
    expect(lines.map((l) => l.slice(0, 8))).toEqual([
      '23700000',
      '23700011',
      '23700013',
      '23700013',
      '23700013',
      '23700013',
      '23700015',
      '23700021',
      '23700023',
      '23700023',
      '23700023',
      '23700023',
      '23700025',
      '23700031',
      '23700033',
      '23700033',
      '23700035',
      '23799999',
    ]);
    expect(lines.at(-1)?.slice(17, 29)).toBe('000003000018');
  });

  it('round trip over several lots: every field comes back', () => {
    const file = parseOk(buildCnab240Return({ ...BASE_INPUT, entries: ENTRIES, entriesPerLot: 2 }));
    expect(file).toMatchObject({
      bankCode: '237',
      bankName: 'BRADESCO',
      companyDocument: '12345678000195',
      companyName: 'QUITAR RECUPERACAO DE CREDITO',
      agreementCode: '00000000000004567890',
      agency: '03344',
      agencyDigit: '7',
      account: '000000123456',
      accountDigit: '0',
      generatedAt: '2026-03-13',
      fileSequence: 43,
      lotCount: 3,
    });
    expect(file.entries.map((e) => [e.lotNumber, e.line, e.uLine])).toEqual([
      [1, 3, 4],
      [1, 5, 6],
      [2, 9, 10],
      [2, 11, 12],
      [3, 15, 16],
    ]);
    file.entries.forEach((entry, i) => {
      expect(entry).toMatchObject(expectedEntry(ENTRIES[i]!));
    });
    expect(file.entries.map((e) => e.payerName)).toEqual([
      'MARIA DA CONCEICAO',
      'COMERCIO DE TECIDOS ACAI LTDA',
      null,
      null,
      null,
    ]);
  });

  it('one lot by default; an empty return still has one (empty) lot', () => {
    expect(parseOk(buildCnab240Return({ ...BASE_INPUT, entries: ENTRIES })).lotCount).toBe(1);
    const empty = parseOk(buildCnab240Return(BASE_INPUT));
    expect(empty).toMatchObject({ lotCount: 1, entries: [] });
  });

  it('round trip (property): arbitrary entries and lot sizes parse back exactly', () => {
    const day = fc
      .integer({ min: 0, max: 20_000 })
      .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const cents = fc.integer({ min: 0, max: 999_999_999_999 });
    const entry: fc.Arbitrary<CnabReturnBuildEntry> = fc.record({
      nossoNumero: fc.stringMatching(/^[0-9A-Z][0-9A-Z-]{0,19}$/),
      documentNumber: fc.option(fc.stringMatching(/^[0-9A-Z][0-9A-Z/-]{0,14}$/), { nil: undefined }),
      dueDate: fc.option(day, { nil: null }),
      titleAmountCents: cents,
      amountPaidCents: cents,
      feeCents: fc.constant(0),
      interestPenaltyCents: cents,
      movementCode: fc.constantFrom('02', '03', '06', '09', '17', '28', '99'),
      occurrenceDate: day,
      creditDate: fc.option(day, { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (entries, perLot) => {
        const file = parseOk(buildCnab240Return({ ...BASE_INPUT, entries, entriesPerLot: perLot }));
        expect(file.lotCount).toBe(Math.max(1, Math.ceil(entries.length / perLot)));
        expect(file.entries).toHaveLength(entries.length);
        file.entries.forEach((parsed, i) => {
          expect(parsed).toMatchObject(expectedEntry(entries[i]!));
          expect(parsed.lotNumber).toBe(Math.floor(i / perLot) + 1);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('uppercases, strips accents and truncates long names to the field width', () => {
    const text = buildCnab240Return({
      ...BASE_INPUT,
      companyName: 'Ação Recuperadora de Créditos e Cobranças do Brasil',
      entries: [{ ...ENTRIES[0]!, payerName: 'José Conceição Müller' }],
    });
    const file = parseOk(text);
    // 30 columns: "ACAO RECUPERADORA DE CREDITOS " — the trailing blank is trimmed on reading.
    expect(file.companyName).toBe('ACAO RECUPERADORA DE CREDITOS');
    expect(file.entries[0]?.payerName).toBe('JOSE CONCEICAO MULLER');
  });

  it.each<[string, Partial<CnabReturnBuildInput>, RegExp]>([
    ['bank code', { bankCode: '23' }, /bankCode "23"/],
    ['company CNPJ', { companyDocument: '123' }, /companyDocument "123"/],
    ['agency', { agency: '123456' }, /agency "123456"/],
    ['account', { account: '12a' }, /account "12a"/],
    ['generation date', { generatedAt: '2026-02-30' }, /generatedAt "2026-02-30"/],
    ['file sequence', { fileSequence: 1_000_000 }, /fileSequence "1000000" excede 6 dígitos/],
    ['lot size', { entriesPerLot: 0 }, /entriesPerLot/],
  ])('rejects a bad %s', (_, patch, message) => {
    expect(() => buildCnab240Return({ ...BASE_INPUT, entries: ENTRIES, ...patch })).toThrow(message);
  });

  it.each<[string, Partial<CnabReturnBuildEntry>, RegExp]>([
    ['nosso número too long', { nossoNumero: 'X'.repeat(21) }, /nossoNumero .* excede 20/],
    ['blank nosso número', { nossoNumero: '  ' }, /nossoNumero em branco/],
    ['negative amount paid', { amountPaidCents: -1 }, /amountPaidCents deve ser um inteiro não negativo/],
    ['negative title amount', { titleAmountCents: -1 }, /titleAmountCents deve ser um inteiro não negativo/],
    ['fractional cents', { titleAmountCents: 10.5 }, /inteiro não negativo/],
    ['invalid date', { occurrenceDate: '2026-13-01' }, /occurrenceDate "2026-13-01"/],
    ['movement code', { movementCode: '6' }, /movementCode "6"/],
    ['fee above the amount paid', { amountPaidCents: 100, feeCents: 200 }, /netCreditCents negativo/],
    ['payer document', { payerDocument: '123' }, /payerDocument "123"/],
    ['reason codes', { reasonCodes: ['1'] }, /reasonCodes/],
  ])('rejects an entry with %s', (_, patch, message) => {
    expect(() => buildCnab240Return({ ...BASE_INPUT, entries: [{ ...ENTRIES[0]!, ...patch }] })).toThrow(
      message,
    );
  });
});
