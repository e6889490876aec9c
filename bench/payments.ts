/**
 * Payments benchmark (issue 4):
 *  1. BR Codes generated per second — ours (`buildStaticBrCode`, key normalised and validated, CRC) versus
 *     `pix-utils` (`createStaticPix(...).toBRCode()`), same inputs, same process.
 *  2. Pix webhook intake per second over HTTP on PostgreSQL: distinct endToEndIds (each one a real
 *     payment: recorded once, applied to its installment under a row lock, lifecycle evaluated), sent by
 *     `--concurrency` parallel clients.
 *
 *   npx tsx bench/payments.ts [--brcodes 200000] [--webhooks 5000] [--concurrency 8] [--db pg|pglite] [--record]
 */
import { createStaticPix, hasError } from 'pix-utils';
import { DEFAULT_POLICY } from '../src/modules/negotiation/index.ts';
import { buildStaticBrCode } from '../src/modules/payments/brcode.rules.ts';
import { webhookBody } from '../src/modules/payments/index.ts';
import { generateCpf } from '../src/platform/br-documents.ts';
import { seededRandom } from '../src/platform/random.ts';
import { appendBenchmarks, arg, args, machine, startBenchApp } from './support.ts';

const BRCODES = Number(arg('brcodes') ?? 200_000);
const WEBHOOKS = Number(arg('webhooks') ?? 5_000);
const CONCURRENCY = Number(arg('concurrency') ?? 8);
const AGREEMENTS = Number(arg('agreements') ?? 50);
const DB = (arg('db') ?? 'pg') as 'pg' | 'pglite';
const SECRET = 'segredo-do-benchmark-de-webhook-pix-0123456789';

function brCodesPerSecond(): { ours: number; pixUtils: number } {
  const inputs = Array.from({ length: 1000 }, (_, i) => ({
    amountCents: 1_000 + i * 37,
    txid: `PARCELA${String(i).padStart(6, '0')}`,
  }));
  const time = (f: (i: number) => string) => {
    for (let i = 0; i < 5_000; i++) f(i); // warm-up (JIT)
    const started = performance.now();
    for (let i = 0; i < BRCODES; i++) f(i);
    return Math.round(BRCODES / ((performance.now() - started) / 1000));
  };
  const ours = time((i) => {
    const x = inputs[i % 1000]!;
    return buildStaticBrCode({
      key: 'pix@loja.com.br',
      receiverName: 'Loja Teste Ltda',
      city: 'Sao Paulo',
      ...x,
    });
  });
  const pixUtils = time((i) => {
    const x = inputs[i % 1000]!;
    const pix = createStaticPix({
      merchantName: 'Loja Teste Ltda',
      merchantCity: 'Sao Paulo',
      pixKey: 'pix@loja.com.br',
      infoAdicional: '',
      transactionAmount: x.amountCents / 100,
      txid: x.txid,
    });
    if (hasError(pix)) throw new Error('pix-utils recusou a entrada');
    return pix.toBRCode();
  });
  return { ours, pixUtils };
}

async function webhookIntake() {
  const b = await startBenchApp(DB);
  try {
    await b.call('PUT', `/api/v1/creditors/${b.creditorId}/policy`, {
      ...DEFAULT_POLICY,
      maxInstallments: 3,
    });
    await b.call('PUT', `/api/v1/creditors/${b.creditorId}/payment-settings`, {
      pix: { key: 'pix@loja.com.br', receiverName: 'Loja Teste Ltda', city: 'Sao Paulo' },
      boleto: { bank: '237', agency: '1234', account: '12345', wallet: '09' },
    });
    await b.call('PUT', '/api/v1/settings/pix-webhook', { secret: SECRET });
    const rand = seededRandom(11);
    let csv = 'document;name;external_id;original_amount;due_date\n';
    for (let i = 0; i < AGREEMENTS; i++)
      csv += `${generateCpf(rand)};Devedor ${i};B-${i};1.500,00;2026-08-01\n`;
    await b.call('POST', `/api/v1/creditors/${b.creditorId}/imports`, csv, 'text/csv');
    const txids: string[] = [];
    const debtors = (await b.call('GET', `/api/v1/debtors?limit=${AGREEMENTS}`)).items as { id: string }[];
    for (const d of debtors) {
      const offers = (await b.call('POST', `/api/v1/debtors/${d.id}/offers`, { firstDueDate: '2026-12-01' }))
        .offers;
      const plan = offers.find((o: { installmentsCount: number }) => o.installmentsCount === 3) ?? offers[0];
      const agreement = await b.call('POST', '/api/v1/agreements', { offerId: plan.id });
      const full = await b.call('GET', `/api/v1/agreements/${agreement.id}`);
      for (const inst of full.installments) txids.push(inst.pix.txid);
    }
    const url = await b.app.listen({ host: '127.0.0.1', port: 0 });
    // One centavo per payment: installments never fill up, so every request takes the full "applied" path.
    const bodies = Array.from({ length: WEBHOOKS }, (_, i) =>
      JSON.stringify(
        webhookBody([
          {
            endToEndId: `E99999999202611231200${String(i).padStart(11, '0')}`,
            txid: txids[i % txids.length]!,
            amountCents: 1,
            paidAt: '2026-11-23T12:00:00Z',
          },
        ]),
      ),
    );
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < WEBHOOKS; i = next++) {
          const r = await fetch(`${url}/api/v1/webhooks/pix`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET },
            body: bodies[i],
          });
          if (r.status !== 200) failures += 1;
          await r.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const count = await b.rt.ctx.database.db
      .selectFrom('payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      installments: txids.length,
      webhooks: WEBHOOKS,
      failures,
      paymentsRecorded: Number(count.n),
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round(WEBHOOKS / seconds),
    };
  } finally {
    await b.close();
  }
}

const brcodes = brCodesPerSecond();
console.log(JSON.stringify({ brcodes }, null, 2));
const intake = await webhookIntake();
console.log(JSON.stringify({ intake }, null, 2));
if (intake.paymentsRecorded !== intake.webhooks || intake.failures > 0) {
  throw new Error(`intake inconsistente: ${JSON.stringify(intake)}`);
}
if (args.includes('--record')) {
  appendBenchmarks([
    '',
    `### Pagamentos — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Máquina: ${machine()}.`,
    '',
    '| medida | resultado |',
    '|---|---:|',
    `| BR Codes estáticos/s — Trato (\`buildStaticBrCode\`) | ${brcodes.ours.toLocaleString('pt-BR')} |`,
    `| BR Codes estáticos/s — pix-utils (\`createStaticPix().toBRCode()\`) | ${brcodes.pixUtils.toLocaleString('pt-BR')} |`,
    `| webhooks Pix/s (${DB === 'pg' ? 'PostgreSQL' : 'PGlite'}, HTTP, ${CONCURRENCY} clientes, ${intake.webhooks} endToEndIds distintos sobre ${intake.installments} parcelas) | ${intake.perSecond.toLocaleString('pt-BR')} |`,
    '',
    `Cada webhook grava o pagamento uma vez (chave única), trava a parcela, aplica o valor, avalia o ciclo de vida do acordo e registra eventos — tudo numa transação. ${intake.paymentsRecorded} pagamentos gravados para ${intake.webhooks} webhooks, nenhuma falha.`,
  ]);
}
