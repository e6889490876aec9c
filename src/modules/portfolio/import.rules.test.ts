import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  type HeaderMap,
  mapHeader,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
  STAGING_COLUMNS,
  type StagedRow,
  toStagingCsv,
  validateRow,
} from './import.rules.ts';

const TODAY = '2026-11-23';
const IDS = {
  debtId: '0190a0b0-0000-7000-8000-000000000001',
  debtorId: '0190a0b0-0000-7000-8000-000000000002',
};
const ALL = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

function header(fields: readonly string[] = ALL): HeaderMap {
  const r = mapHeader(fields);
  if (!r.ok) throw new Error(`header rejected: ${JSON.stringify(r.errors)}`);
  return r.header;
}

/** A full valid line in `ALL` order, with overrides by column name. */
function line(overrides: Partial<Record<(typeof ALL)[number], string>> = {}): string[] {
  const values: Record<(typeof ALL)[number], string> = {
    document: '529.982.247-25',
    name: 'Maria da Silva',
    external_id: 'C-1',
    original_amount: '1.234,56',
    due_date: '10/01/2024',
    birth_date: '1980-05-17',
    email: 'Maria@Example.COM.BR',
    phone: '(11) 98765-4321',
    state: 'sp',
    city: 'São  Paulo',
    product: 'Cartão',
    fine_percent: '2,00%',
    monthly_interest_percent: '1',
    fees_percent: '10,5',
    product_type: '',
    last_acknowledgment_date: '',
    ...overrides,
  };
  return ALL.map((c) => values[c]);
}

function rowOf(fields: string[], h = header()): StagedRow {
  const r = validateRow(fields, 7, h, TODAY);
  if (!r.ok) throw new Error(`row rejected: ${JSON.stringify(r.errors)}`);
  return r.row;
}

function errorsOf(fields: string[], h = header()) {
  const r = validateRow(fields, 7, h, TODAY);
  if (r.ok) throw new Error('expected the row to be rejected');
  return r.errors;
}

describe('mapHeader', () => {
  it('maps every known column to its position', () => {
    const h = header();
    expect(h.width).toBe(ALL.length);
    expect(h.warnings).toEqual([]);
    ALL.forEach((c, i) => {
      expect(h.index[c]).toBe(i);
    });
  });

  it('matches names case-insensitively, ignoring surrounding spaces, in any order', () => {
    const h = header([' Due_Date ', 'NAME', 'document', 'External_ID', 'original_amount  ']);
    expect(h.index).toEqual({ due_date: 0, name: 1, document: 2, external_id: 3, original_amount: 4 });
  });

  it('ignores unknown columns with a pt-BR warning, keeping positions right', () => {
    const h = header(['observação', ...REQUIRED_COLUMNS, ' Extra ']);
    expect(h.width).toBe(7);
    expect(h.index.document).toBe(1);
    expect(h.warnings).toEqual([
      'coluna "observação" ignorada: não faz parte do layout',
      'coluna "Extra" ignorada: não faz parte do layout',
    ]);
  });

  it('lists every missing required column on line 1', () => {
    const r = mapHeader(['name', 'email']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.column)).toEqual(['document', 'external_id', 'original_amount', 'due_date']);
    for (const e of r.errors) {
      expect(e).toMatchObject({ line: 1, value: null });
      expect(e.message).toMatch(
        new RegExp(`^coluna obrigatória "${e.column}" ausente no cabeçalho \\(nomes aceitos: "${e.column}"`),
      );
      expect(e.message).toMatch(/Cabeçalho encontrado: "name", "email"$/);
    }
  });

  it('rejects a duplicated column (also when only the case differs)', () => {
    const r = mapHeader([...REQUIRED_COLUMNS, 'Email', 'email']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        line: 1,
        column: 'email',
        value: 'email',
        message: 'coluna "email" aparece mais de uma vez no cabeçalho',
      },
    ]);
  });

  it('reports a duplicate and a missing column together', () => {
    const r = mapHeader(['document', 'document', 'name', 'external_id', 'original_amount']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.column)).toEqual(['document', 'due_date']);
  });

  it('rejects an empty header', () => {
    const r = mapHeader(['']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(REQUIRED_COLUMNS.length);
  });
});

describe('validateRow', () => {
  it('normalises a full valid line', () => {
    expect(rowOf(line())).toEqual({
      line: 7,
      document: '52998224725',
      documentKind: 'cpf',
      name: 'Maria da Silva',
      birthDate: '1980-05-17',
      email: 'Maria@example.com.br',
      phone: '+5511987654321',
      state: 'SP',
      city: 'São Paulo',
      externalId: 'C-1',
      product: 'Cartão',
      amountCents: 123456,
      dueDate: '2024-01-10',
      finePercent: '2',
      monthlyInterestPercent: '1',
      feesPercent: '10.5',
      fineNotAgreed: false,
      interestNotAgreed: false,
      productType: null,
      acknowledgedOn: null,
    });
  });

  it('accepts a CNPJ and only the required columns; optional ones are null', () => {
    const h = header(REQUIRED_COLUMNS);
    expect(rowOf(['11.222.333/0001-81', 'Loja  X ', ' E-9 ', '1234.56', '2024-02-29'], h)).toEqual({
      line: 7,
      document: '11222333000181',
      documentKind: 'cnpj',
      name: 'Loja X',
      birthDate: null,
      email: null,
      phone: null,
      state: null,
      city: null,
      externalId: 'E-9',
      product: null,
      amountCents: 123456,
      dueDate: '2024-02-29',
      finePercent: null,
      monthlyInterestPercent: null,
      feesPercent: null,
      fineNotAgreed: false,
      interestNotAgreed: false,
      productType: null,
      acknowledgedOn: null,
    });
  });

  it('takes "nao" as "not agreed" per debt, the product type and the last acknowledgment (#12)', () => {
    const r = rowOf(
      line({
        fine_percent: 'não',
        monthly_interest_percent: 'nao',
        product_type: 'Credit_Card_Revolving',
        last_acknowledgment_date: '15/03/2024',
      }),
    );
    expect(r).toMatchObject({
      finePercent: null,
      fineNotAgreed: true,
      monthlyInterestPercent: null,
      interestNotAgreed: true,
      productType: 'credit_card_revolving',
      acknowledgedOn: '2024-03-15',
    });
    // "último pagamento" is accepted as the header of last_acknowledgment_date
    const h = mapHeader([...REQUIRED_COLUMNS, 'Último pagamento']);
    expect(h.ok && h.header.index.last_acknowledgment_date).toBe(5);
  });

  it('refuses an unknown product type and an acknowledgment before the due date', () => {
    const r = validateRow(
      line({ product_type: 'boleto', last_acknowledgment_date: '2023-12-01' }),
      7,
      header(),
      TODAY,
    );
    expect(r.ok).toBe(false);
    const columns = r.ok ? [] : r.errors.map((e) => e.column);
    expect(columns).toEqual(['product_type', 'last_acknowledgment_date']);
    if (!r.ok) expect(r.errors[0]!.message).toContain('credit_card_revolving');
  });

  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1.234,56', 123456],
    ['R$ 1.234,56', 123456],
    ['0,01', 1],
  ])('amount %j → %d centavos', (raw, cents) => {
    expect(rowOf(line({ original_amount: raw })).amountCents).toBe(cents);
  });

  it.each([
    ['2024-03-05', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['5/3/2024', '2024-03-05'],
  ])('date %j → %s (never month-first)', (raw, iso) => {
    expect(rowOf(line({ due_date: raw, birth_date: raw })).dueDate).toBe(iso);
  });

  it('treats empty optional cells (and blanks) as absent', () => {
    const r = rowOf(
      line({
        birth_date: '',
        email: '  ',
        phone: '',
        state: '',
        city: ' ',
        product: '',
        fine_percent: '',
        monthly_interest_percent: '',
        fees_percent: '',
      }),
    );
    expect(r).toMatchObject({
      birthDate: null,
      email: null,
      phone: null,
      state: null,
      city: null,
      product: null,
      finePercent: null,
      monthlyInterestPercent: null,
      feesPercent: null,
    });
  });

  it('ignores the values of unknown columns', () => {
    const h = header(['extra', ...REQUIRED_COLUMNS]);
    const r = rowOf(['qualquer coisa ; inválida', '52998224725', 'Ana', 'X', '1', '2024-01-01'], h);
    expect(r.name).toBe('Ana');
  });

  it('rejects a line with the wrong number of columns as one whole-line error', () => {
    expect(errorsOf(line().slice(0, 5))).toEqual([
      {
        line: 7,
        column: null,
        value: null,
        message: `a linha tem 5 coluna(s), mas o cabeçalho tem ${ALL.length}`,
      },
    ]);
    expect(errorsOf([...line(), ''])).toHaveLength(1);
  });

  it('collects every problem of the line, with column, raw value and pt-BR message', () => {
    const errors = errorsOf(
      line({
        document: '529.982.247-26',
        name: '123',
        original_amount: 'abc',
        due_date: '31/02/2024',
        email: 'maria@',
        state: 'XX',
      }),
    );
    expect(errors).toEqual([
      {
        line: 7,
        column: 'document',
        value: '529.982.247-26',
        message: 'CPF com dígito verificador inválido',
      },
      { line: 7, column: 'name', value: '123', message: 'nome deve conter ao menos uma letra' },
      { line: 7, column: 'original_amount', value: 'abc', message: expect.stringMatching(/valor inválido/) },
      { line: 7, column: 'due_date', value: '31/02/2024', message: expect.stringMatching(/inexistente/) },
      { line: 7, column: 'state', value: 'XX', message: expect.stringMatching(/UF inválida/) },
    ]);
  });

  it.each([
    ['document', '5299822472', /11 dígitos/],
    ['document', '111.111.111-11', /iguais/],
    ['document', '11.222.333/0001-82', /CNPJ com dígito verificador/],
    ['document', '', /vazio/],
    ['name', '', /vazio/],
    ['name', 'A', /entre 2 e 200/],
    ['external_id', '', /obrigatório/],
    ['external_id', 'X'.repeat(101), /máximo 100/],
    ['original_amount', '0,00', /maior que zero/],
    ['original_amount', '-5', /maior que zero/],
    ['original_amount', '1234,567', /casas decimais/],
    ['original_amount', '1.000.000.000.000,00', /máximo/],
    ['due_date', '2024-13-01', /inexistente/],
    ['due_date', '05/03/24', /data inválida/],
    ['birth_date', '2026-11-24', /futuro/],
    ['state', 'São Paulo', /UF inválida/],
    ['city', 'c'.repeat(101), /máximo 100/],
    ['product', 'p'.repeat(121), /máximo 120/],
    ['fine_percent', '101', /entre 0 e 100/],
    ['monthly_interest_percent', '-1', /entre 0 e 100/],
    ['fees_percent', 'dez', /percentual inválido/],
  ] as const)('%s = %j is rejected (%s)', (column, value, message) => {
    const errors = errorsOf(line({ [column]: value }));
    expect(errors).toEqual([
      { line: 7, column, value: value.trim(), message: expect.stringMatching(message) },
    ]);
  });

  it('an invalid optional contact is a warning with the cause, and the line stays valid', () => {
    const r = validateRow(line({ phone: '(20) 98765-4321', email: 'maria@' }), 7, header(), TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toMatchObject({ phone: null, email: null });
    expect(r.warnings).toEqual([
      {
        line: 7,
        column: 'email',
        value: 'maria@',
        message: expect.stringMatching(/e-mail inválido.*contato descartado/),
      },
      {
        line: 7,
        column: 'phone',
        value: '(20) 98765-4321',
        message: expect.stringMatching(/o DDD 20 não existe/),
      },
    ]);
  });

  it('maps Portuguese header aliases ignoring case, accents and spacing', () => {
    const r = mapHeader([
      'CPF/CNPJ',
      'Nome',
      'Nº Contrato',
      'VALOR',
      'Data_de_Vencimento',
      'Último pagamento?',
      'Município',
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.header.index).toMatchObject({
      document: 0,
      name: 1,
      external_id: 2,
      original_amount: 3,
      due_date: 4,
      city: 6,
    });
    expect(r.header.warnings).toEqual(['coluna "Último pagamento?" ignorada: não faz parte do layout']);
  });

  it('"Telefone/Celular" (one column for either, as spreadsheets name it) is the phone, like "CPF/CNPJ"', () => {
    for (const phone of ['Telefone/Celular', 'Celular/Telefone', 'Telefone ou celular', 'Fone/Cel']) {
      const r = mapHeader([...REQUIRED_COLUMNS, phone]);
      expect(r.ok, phone).toBe(true);
      if (!r.ok) return;
      expect(r.header.index.phone, phone).toBe(REQUIRED_COLUMNS.length);
      expect(r.header.warnings, phone).toEqual([]);
    }
  });

  it('accepts a birth date of today', () => {
    expect(rowOf(line({ birth_date: TODAY })).birthDate).toBe(TODAY);
  });

  it('accepts external_id, city and product at their maximum lengths', () => {
    const r = rowOf(line({ external_id: 'X'.repeat(100), city: 'c'.repeat(100), product: 'p'.repeat(120) }));
    expect(r.externalId).toHaveLength(100);
  });

  it('flags the replacement character left by a mis-decoded byte, naming the column', () => {
    const errors = errorsOf(line({ name: 'Jo\uFFFDo' }));
    expect(errors).toEqual([
      { line: 7, column: 'name', value: 'Jo\uFFFDo', message: expect.stringMatching(/caractere inválido/) },
    ]);
    const h = header(['extra', ...REQUIRED_COLUMNS]);
    const inIgnored = validateRow(['\uFFFD', '52998224725', 'Ana', 'X', '1', '2024-01-01'], 3, h, TODAY);
    expect(inIgnored).toMatchObject({ ok: false, errors: [{ line: 3, column: null }] });
  });
});

describe('toStagingCsv', () => {
  const parseLine = (csv: string) => parse(csv, { relax_quotes: false }) as string[][];

  it('writes the staging columns in order, nulls as empty unquoted cells (NULL in COPY csv)', () => {
    const r = rowOf(line());
    const csv = toStagingCsv(r, IDS);
    expect(csv.endsWith('\n')).toBe(true);
    const [fields] = parseLine(csv);
    expect(fields).toHaveLength(STAGING_COLUMNS.length);
    const byColumn = Object.fromEntries(STAGING_COLUMNS.map((c, i) => [c, fields?.[i]]));
    expect(byColumn).toEqual({
      line: '7',
      document: '52998224725',
      document_kind: 'cpf',
      name: 'Maria da Silva',
      birth_date: '1980-05-17',
      email: 'Maria@example.com.br',
      phone: '+5511987654321',
      state: 'SP',
      city: 'São Paulo',
      external_id: 'C-1',
      product: 'Cartão',
      amount_cents: '123456',
      due_date: '2024-01-10',
      fine_percent: '2',
      monthly_interest_percent: '1',
      fees_percent: '10.5',
      debt_id: IDS.debtId,
      debtor_id: IDS.debtorId,
      fine_not_agreed: 'false',
      interest_not_agreed: 'false',
      product_type: '',
      acknowledged_on: '',
    });
    const minimal = rowOf(['11222333000181', 'Loja', 'E', '1', '2024-01-01'], header(REQUIRED_COLUMNS));
    expect(toStagingCsv(minimal, IDS)).toBe(
      `7,11222333000181,cnpj,"Loja",,,,,,"E",,100,2024-01-01,,,,${IDS.debtId},${IDS.debtorId},false,false,,\n`,
    );
  });

  it('quotes text so delimiters and quotes survive COPY', () => {
    const r = rowOf(
      line({
        name: 'Silva, "Maria"',
        external_id: 'A,"B"',
        product: 'Cartão, "gold"',
        city: "Santa Bárbara d'Oeste",
      }),
    );
    const csv = toStagingCsv(r, IDS);
    expect(csv).toContain('"Silva, ""Maria"""');
    const [fields] = parseLine(csv);
    expect(fields).toHaveLength(STAGING_COLUMNS.length);
    expect(fields?.[STAGING_COLUMNS.indexOf('name')]).toBe('Silva, "Maria"');
    expect(fields?.[STAGING_COLUMNS.indexOf('external_id')]).toBe('A,"B"');
    expect(fields?.[STAGING_COLUMNS.indexOf('product')]).toBe('Cartão, "gold"');
    expect(fields?.[STAGING_COLUMNS.indexOf('city')]).toBe("Santa Bárbara d'Oeste");
  });
});
