import { Readable } from 'node:stream';
import { generateCnpj, generateCpf } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { addDays } from '../../platform/dates.ts';
import { seededRandom } from '../../platform/random.ts';
import { type Creditor, createCreditor, findCreditorByName } from '../creditors/index.ts';
import type { Principal } from '../identity/index.ts';
import type { ImportProgress, ImportReport } from './import.service.ts';
import { importPortfolio } from './import.service.ts';

const FIRST = [
  'Ana',
  'Maria',
  'João',
  'José',
  'Antônio',
  'Francisca',
  'Carlos',
  'Paulo',
  'Adriana',
  'Juliana',
  'Lucas',
  'Marcos',
  'Patrícia',
  'Fernanda',
  'Rafael',
  'Aline',
  'Bruno',
  'Camila',
  'Luiz',
  'Sandra',
  'Débora',
  'Thiago',
  'Gabriela',
  'Raimundo',
  'Cláudia',
  'Pedro',
  'Letícia',
  'Sebastião',
  'Márcia',
  'Vinícius',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
];
/** City, UF and its phone area code (DDD). */
const CITIES: [string, string, string][] = [
  ['São Paulo', 'SP', '11'],
  ['Campinas', 'SP', '19'],
  ['Rio de Janeiro', 'RJ', '21'],
  ['Niterói', 'RJ', '21'],
  ['Belo Horizonte', 'MG', '31'],
  ['Uberlândia', 'MG', '34'],
  ['Salvador', 'BA', '71'],
  ['Feira de Santana', 'BA', '75'],
  ['Recife', 'PE', '81'],
  ['Fortaleza', 'CE', '85'],
  ['Curitiba', 'PR', '41'],
  ['Londrina', 'PR', '43'],
  ['Porto Alegre', 'RS', '51'],
  ['Florianópolis', 'SC', '48'],
  ['Goiânia', 'GO', '62'],
  ['Brasília', 'DF', '61'],
  ['Manaus', 'AM', '92'],
  ['Belém', 'PA', '91'],
  ['São Luís', 'MA', '98'],
  ['Maceió', 'AL', '82'],
  ['Natal', 'RN', '84'],
  ['João Pessoa', 'PB', '83'],
  ['Teresina', 'PI', '86'],
  ['Campo Grande', 'MS', '67'],
  ['Cuiabá', 'MT', '65'],
  ['Vitória', 'ES', '27'],
  ['Aracaju', 'SE', '79'],
  ['Porto Velho', 'RO', '69'],
];
const PRODUCTS = [
  'Cartão de crédito',
  'Empréstimo pessoal',
  'Conta de energia',
  'Mensalidade escolar',
  'Crediário',
  'Plano de telefonia',
  'Conta de água',
  'Financiamento de moto',
];

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Lines of a demo CSV (header first) in the same layout creditors send, so the demo goes through
 * the real import. Amounts are spread log-uniformly from R$ 50 to R$ 20.000; due dates from 20 days
 * ahead to 6 years ago (a few are prescribed); about 1 in 8 debtors has no e-mail.
 */
export function* demoCsvLines(options: { debtors: number; seed: number; today: string }): Generator<string> {
  const rand = seededRandom(options.seed);
  yield `${DEMO_COLUMNS.join(';')}\n`;
  for (let i = 0; i < options.debtors; i++) {
    const first = pick(rand, FIRST);
    const last = `${pick(rand, LAST)} ${pick(rand, LAST)}`;
    const name = `${first} ${last}`;
    const cpf = generateCpf(rand);
    const [city, uf, ddd] = pick(rand, CITIES);
    const birth = addDays(options.today, -Math.floor((20 + rand() * 55) * 365.25));
    const handle = stripAccents(`${first}.${last.split(' ')[1]}`).toLowerCase();
    const email = rand() < 0.125 ? '' : `${handle}${i}@example.com`;
    const phone = `(${ddd}) 9${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    const count = 1 + Math.floor(rand() * rand() * 3);
    for (let d = 0; d < count; d++) {
      const cents = Math.round(Math.exp(Math.log(5_000) + rand() * (Math.log(2_000_000) - Math.log(5_000))));
      const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
      const due = addDays(options.today, 20 - Math.floor(rand() ** 2 * 6 * 365));
      yield `${cpf};${name};DEMO-${options.seed}-${i}-${d};${amount};${due};${birth};${email};${phone};${uf};${city};${pick(rand, PRODUCTS)}\n`;
    }
  }
}

/** The demo file's columns, in order (the benchmark's COPY floor table uses the same). */
export const DEMO_COLUMNS = [
  'document',
  'name',
  'external_id',
  'original_amount',
  'due_date',
  'birth_date',
  'email',
  'phone',
  'state',
  'city',
  'product',
] as const;

export const DEMO_CREDITOR_NAME = 'Varejo Exemplo S.A. (demonstração)';

/** Creates (or reuses) the demo creditor and imports N synthetic debtors through the real import. */
export async function createDemoPortfolio(
  ctx: AppContext,
  principal: Principal,
  options: { debtors: number; seed: number; onProgress?: (p: ImportProgress) => void },
): Promise<{ creditor: Creditor; report: ImportReport }> {
  const db = ctx.database.db;
  const existing = await findCreditorByName(db, principal, { name: DEMO_CREDITOR_NAME });
  const creditor =
    existing ??
    (await createCreditor(db, principal, {
      name: DEMO_CREDITOR_NAME,
      document: generateCnpj(seededRandom(options.seed + 1)),
      address: {
        street: 'Avenida Paulista',
        number: '1000',
        district: 'Bela Vista',
        city: 'São Paulo',
        state: 'SP',
        zipCode: '01310100',
      },
      terms: {
        finePercent: 2,
        monthlyInterestPercent: 1,
        correctionIndex: 'IPCA',
        feesPercent: 10,
        feesInContract: true,
      },
    }));
  const lines = demoCsvLines({ debtors: options.debtors, seed: options.seed, today: ctx.clock.today() });
  const source = Readable.from(batched(lines));
  const report = await importPortfolio(ctx, principal, {
    creditorId: creditor.id,
    mode: 'all',
    source,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { creditor, report };
}

/** Joins small lines into ~64 KB chunks: one tiny chunk per line would make streaming slow. */
function* batched(lines: Iterable<string>): Generator<Buffer> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 65_536) {
      yield Buffer.from(buffer);
      buffer = '';
    }
  }
  if (buffer) yield Buffer.from(buffer);
}
