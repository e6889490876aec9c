import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { guardedFetch, outboundUrlProblem, policyFor, systemResolver } from '../../platform/outbound.ts';
import { getCreditor } from '../creditors/index.ts';
import { actorOf, can, type Principal, recordAudit } from '../identity/index.ts';
import { type BoletoBankSettings, buildBankBoleto, maxSequence } from './boleto-banks.rules.ts';
import { buildDynamicBrCode, buildStaticBrCode, isValidTxid, txidForInstallment } from './brcode.rules.ts';
import * as repo from './payments.repository.ts';
import type { PaymentSettingsInput } from './payments.schemas.ts';
import { ApiPixClient } from './psp-client.ts';
import { type PaymentSettings, type PixSettings, validatePaymentSettings } from './settings.rules.ts';

type Db = Kysely<Schema>;

export interface PaymentSettingsView {
  creditorId: string;
  pix:
    | (Omit<PixSettings, 'psp'> & { psp?: { baseUrl: string; clientId: string; clientSecretSet: true } })
    | null;
  boleto: BoletoBankSettings | null;
  nextBoletoSequence: number;
  updatedAt: string;
}

function toView(row: NonNullable<Awaited<ReturnType<typeof repo.findSettings>>>): PaymentSettingsView {
  const pix = row.pix as PixSettings | null;
  return {
    creditorId: row.creditor_id,
    // The PSP client secret is write-only: it never leaves the server again.
    pix: pix
      ? {
          key: pix.key,
          keyKind: pix.keyKind,
          receiverName: pix.receiverName,
          city: pix.city,
          ...(pix.psp
            ? {
                psp: { baseUrl: pix.psp.baseUrl, clientId: pix.psp.clientId, clientSecretSet: true as const },
              }
            : {}),
        }
      : null,
    boleto: row.boleto as BoletoBankSettings | null,
    nextBoletoSequence: row.next_boleto_sequence,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function getPaymentSettings(
  ctx: AppContext,
  principal: Principal,
  { creditorId }: { creditorId: string },
): Promise<PaymentSettingsView> {
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const row = await repo.findSettings(ctx.database.db, principal.tenantId, creditor.id);
  if (!row)
    throw new AppError('NOT_FOUND', 'Este credor ainda não tem configuração de pagamento (Pix/boleto).');
  return toView(row);
}

/** Saves the whole payment settings of a creditor (admin/manager); invalid → 422 listing every field. */
/**
 * The creditor's settings as a `PUT` body, for a partial update (`PATCH`) to merge into: the PSP client
 * secret is included because it stays on the server (the merged body goes straight to `putPaymentSettings`).
 */
export async function paymentSettingsAsInput(
  ctx: AppContext,
  principal: Principal,
  { creditorId }: { creditorId: string },
): Promise<{ pix?: Omit<PixSettings, 'keyKind'> | null; boleto?: BoletoBankSettings | null }> {
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const current = await loadPaymentSettings(ctx.database.db, principal.tenantId, creditor.id);
  if (!current) return {};
  let pix: Omit<PixSettings, 'keyKind'> | null = null;
  if (current.pix) {
    const { keyKind: _derived, ...rest } = current.pix;
    pix = rest;
  }
  return { pix, boleto: current.boleto };
}

export async function putPaymentSettings(
  ctx: AppContext,
  principal: Principal,
  { creditorId, ...input }: PaymentSettingsInput & { creditorId: string },
): Promise<PaymentSettingsView> {
  if (!can(principal, 'payments:write')) {
    throw new AppError('FORBIDDEN', 'Apenas gestores e administradores configuram recebimentos.');
  }
  const creditor = await getCreditor(ctx.database.db, principal, { id: creditorId });
  const policy = policyFor(ctx.config.production);
  const result = validatePaymentSettings(input, policy);
  if (!result.ok) throw validationFailed(result.errors);
  const psp = result.value.pix?.psp;
  if (psp) {
    // After DNS resolution: a name may point at 127.0.0.1 or 169.254.169.254 as well as an IP can.
    const problem = await outboundUrlProblem(psp.baseUrl, policy, ctx.resolver ?? systemResolver);
    if (problem) {
      throw validationFailed([
        { field: 'pix.psp.baseUrl', message: `URL da API Pix do PSP não aceita: ${problem}` },
      ]);
    }
  }
  const actor = actorOf(principal);
  const row = await repo.upsertSettings(ctx.database.db, {
    tenantId: principal.tenantId,
    creditorId: creditor.id,
    pix: result.value.pix,
    boleto: result.value.boleto,
    updatedBy: actor,
  });
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor,
    action: 'payment_settings.updated',
    entity: 'creditor',
    entityId: creditor.id,
    details: {
      pix: result.value.pix ? result.value.pix.key : null,
      boleto: result.value.boleto?.bank ?? null,
    },
  });
  return toView(row);
}

const MIN_SECRET_LENGTH = 32;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The secret the PSP sends in `X-Webhook-Secret`; it also tells which tenant the notification is for. */
export async function setPixWebhookSecret(
  ctx: AppContext,
  principal: Principal,
  { secret }: { secret: string },
): Promise<void> {
  if (!can(principal, 'settings:write')) {
    throw new AppError('FORBIDDEN', 'Apenas administradores definem o segredo do webhook Pix.');
  }
  if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
    throw validationFailed([
      {
        field: 'secret',
        message: `use ao menos ${MIN_SECRET_LENGTH} caracteres sem espaços (ex.: openssl rand -hex 32)`,
      },
    ]);
  }
  const actor = actorOf(principal);
  // Never "already in use": that answer would confirm another tenant's secret to whoever tries it.
  // Two tenants with the same secret are told apart by txid when a notification arrives.
  await repo.upsertWebhookSecret(ctx.database.db, principal.tenantId, sha256(secret), actor);
  await recordAudit(ctx.database.db, {
    tenantId: principal.tenantId,
    actor,
    action: 'pix_webhook.secret_set',
    entity: 'tenant',
    entityId: principal.tenantId,
  });
}

/** The tenants whose Pix webhook secret this is (usually one; none when unknown). */
export async function tenantsForWebhookSecret(
  ctx: AppContext,
  secret: string | undefined,
): Promise<string[]> {
  if (!secret) return [];
  return repo.findTenantsBySecretHash(ctx.database.db, sha256(secret));
}

export async function loadPaymentSettings(
  db: Db,
  tenantId: string,
  creditorId: string,
): Promise<PaymentSettings | null> {
  const row = await repo.findSettings(db, tenantId, creditorId);
  return row ? { pix: row.pix as PixSettings | null, boleto: row.boleto as BoletoBankSettings | null } : null;
}

/**
 * Reserves `count` consecutive nosso número sequences of the creditor's boleto account (row-locked: no two
 * charges share one) and returns the first; past the account's range nothing can be issued.
 */
async function reserveBoletoNumbers(
  db: Db,
  creditorId: string,
  boleto: BoletoBankSettings,
  count: number,
): Promise<number> {
  const first = await repo.reserveBoletoSequences(db, creditorId, count);
  if (first + count - 1 > maxSequence(boleto)) {
    throw new AppError(
      'BOLETO_NUMBERS_EXHAUSTED',
      'Os números de boleto (nosso número) desta conta se esgotaram: configure um novo convênio ou carteira para o credor.',
    );
  }
  return first;
}

export interface ChargeInstallment {
  id: string;
  dueDate: string;
  amountCents: number;
}

/**
 * Issues the Pix and boleto of each installment, inside the caller's transaction (the agreement's).
 * Without a PSP the Pix is a static BR Code carrying the amount and a txid derived from the installment
 * (25 characters); with a PSP the txid is the charge's (32) and its dynamic BR Code is added by
 * `registerPspCharges` after the commit — no network call holds the transaction open.
 */
export async function issueCharges(
  db: Tx,
  scope: { tenantId: string; creditorId: string },
  installments: ChargeInstallment[],
): Promise<void> {
  if (installments.length === 0) return;
  const settings = await loadPaymentSettings(db, scope.tenantId, scope.creditorId);
  if (!settings) return;
  const { pix, boleto } = settings;
  const first = boleto ? await reserveBoletoNumbers(db, scope.creditorId, boleto, installments.length) : 0;
  await repo.insertCharges(
    db,
    installments.map((inst, i) => ({
      tenant_id: scope.tenantId,
      creditor_id: scope.creditorId,
      installment_id: inst.id,
      amount_cents: inst.amountCents,
      due_date: inst.dueDate,
      ...chargeMethodColumns(
        { pix, boleto },
        { id: inst.id, amountCents: inst.amountCents, dueDate: inst.dueDate, sequence: first + i },
      ),
    })),
  );
}

/**
 * The Pix and boleto columns of one charge (an installment's or a prepayment's): the txid derived from the
 * id it pays (static BR Code without a PSP; the dynamic one comes from `registerPspCharges`), and the
 * boleto of the nosso número reserved for it. The one way both kinds of charge are built.
 */
function chargeMethodColumns(
  methods: Pick<NonNullable<Awaited<ReturnType<typeof loadPaymentSettings>>>, 'pix' | 'boleto'>,
  c: { id: string; amountCents: number; dueDate: string; sequence: number },
) {
  const { pix, boleto } = methods;
  const txid = pix ? txidForInstallment(c.id, pix.psp ? 'cob' : 'static') : null;
  const slip = boleto
    ? buildBankBoleto(boleto, { sequence: c.sequence, dueDate: c.dueDate, amountCents: c.amountCents })
    : null;
  return {
    pix_txid: txid,
    pix_br_code:
      pix && txid && !pix.psp
        ? buildStaticBrCode({
            key: pix.key,
            receiverName: pix.receiverName,
            city: pix.city,
            amountCents: c.amountCents,
            txid,
          })
        : null,
    boleto_bank: slip?.bankCode ?? null,
    nosso_numero: slip?.nossoNumeroDigits ?? null,
    nosso_numero_display: slip?.nossoNumero ?? null,
    barcode: slip?.barcode ?? null,
    linha_digitavel: slip?.linhaDigitavel ?? null,
  };
}

/**
 * Completes charges issued before the creditor configured the other method: a boleto for Pix-only
 * charges, a Pix for boleto-only ones. Returns whether anything was added.
 */
export async function completeCharges(
  db: Db,
  scope: { tenantId: string; creditorId: string },
  installmentIds: string[],
): Promise<boolean> {
  const settings = await loadPaymentSettings(db, scope.tenantId, scope.creditorId);
  if (!settings) return false;
  const rows = await repo.chargesOfInstallments(db, installmentIds);
  const needBoleto = settings.boleto ? rows.filter((r) => !r.barcode) : [];
  const needPix = settings.pix ? rows.filter((r) => !r.pix_txid) : [];
  if (needBoleto.length === 0 && needPix.length === 0) return false;
  if (settings.boleto && needBoleto.length > 0) {
    const first = await reserveBoletoNumbers(db, scope.creditorId, settings.boleto, needBoleto.length);
    for (const [i, r] of needBoleto.entries()) {
      const slip = buildBankBoleto(settings.boleto, {
        sequence: first + i,
        dueDate: r.due_date,
        amountCents: r.amount_cents,
      });
      await repo.setBoleto(db, r.id, {
        bank: slip.bankCode,
        nossoNumero: slip.nossoNumeroDigits,
        display: slip.nossoNumero,
        barcode: slip.barcode,
        linhaDigitavel: slip.linhaDigitavel,
      });
    }
  }
  const pix = settings.pix;
  for (const r of pix ? needPix : []) {
    const txid = txidForInstallment(r.installment_id!, pix!.psp ? 'cob' : 'static');
    const brCode = pix!.psp
      ? null
      : buildStaticBrCode({
          key: pix!.key,
          receiverName: pix!.receiverName,
          city: pix!.city,
          amountCents: r.amount_cents,
          txid,
        });
    await repo.setPix(db, r.id, txid, brCode);
  }
  return true;
}

/**
 * Registers the PSP charges (API Pix `PUT /v2/cob/{txid}`) of installments that have none yet and
 * stores the location and dynamic BR Code. Called on the accept path (a POST) and by the job
 * `payments.register-psp`; never while answering a GET. Failures are logged and retried by the job:
 * the boleto and the agreement stand meanwhile.
 */
const PSP_TIMEOUT_MS = 10_000;

export async function registerPspCharges(
  ctx: AppContext,
  scope: { tenantId: string; creditorId: string },
  installmentIds: string[],
  prepaymentIds: string[] = [],
): Promise<void> {
  const db = ctx.database.db;
  const settings = await loadPaymentSettings(db, scope.tenantId, scope.creditorId);
  const psp = settings?.pix?.psp;
  if (!settings?.pix || !psp) return;
  const pending = [
    ...(await repo.chargesOfInstallments(db, installmentIds)),
    ...(await repo.chargesOfPrepayments(db, prepaymentIds)),
  ].filter((c) => c.pix_txid && !c.pix_location);
  if (pending.length === 0) return;
  const client = new ApiPixClient({
    baseUrl: psp.baseUrl,
    clientId: psp.clientId,
    clientSecret: psp.clientSecret,
    // Every connection is checked against the same rule as the saved URL (DNS rebinding), and every
    // call is bounded in time.
    fetch: guardedFetch(policyFor(ctx.config.production), ctx.resolver ?? systemResolver),
    timeoutMs: PSP_TIMEOUT_MS,
  });
  for (const c of pending) {
    // A static txid (25 characters, issued before a PSP was configured) cannot become a PSP charge.
    if (!isValidTxid(c.pix_txid!, 'cob')) continue;
    const endOfDue = Date.parse(`${c.due_date}T23:59:59-03:00`);
    try {
      // An installment's charge is registered when the agreement is made and paid months later: alive
      // until 30 days past its due date (beyond any grace period a policy allows). A prepayment's
      // amount holds only until its validUntil (the due date of its charge): it expires that night.
      const expiresInSeconds = Math.max(
        c.prepayment_id ? 60 : 86_400,
        Math.floor((endOfDue + (c.prepayment_id ? 0 : 30 * 86_400_000) - ctx.clock.now().getTime()) / 1000),
      );
      const cob = await createOrFind(client, {
        txid: c.pix_txid!,
        amountCents: c.amount_cents,
        key: settings.pix.key,
        expiresInSeconds,
        description: c.prepayment_id ? 'Quitação antecipada de acordo' : 'Parcela de acordo',
      });
      const brCode = buildDynamicBrCode({
        location: cob.location,
        receiverName: settings.pix.receiverName,
        city: settings.pix.city,
        amountCents: c.amount_cents,
      });
      // The PSP's own calendar when it states one (a charge found again keeps its first expiry).
      const expiresAt = new Date(
        Date.parse(cob.createdAt) + (cob.expiresInSeconds ?? expiresInSeconds) * 1000,
      );
      await repo.setPspLocation(db, c.id, cob.location, brCode, expiresAt);
    } catch (error) {
      ctx.log.warn('cobrança Pix não registrada no PSP; o job payments.register-psp tenta de novo', {
        txid: c.pix_txid,
        error: (error as Error).message,
      });
    }
  }
}

/**
 * Issues the charge of a prepayment (CDC art. 52 §2º), inside the caller's transaction, with every method
 * the creditor has:
 * - Pix: its txid is derived from the prepayment's id (static BR Code without a PSP; with one, the dynamic
 *   code is added by `registerPspCharges` after the commit), so the Pix webhook finds the prepayment by txid.
 * - Boleto: due on the prepayment's validUntil, with a nosso número of its own, so the CNAB 240 return
 *   finds the prepayment by it. A boleto takes days to clear, but what decides whether it was paid in time
 *   is the day the payer paid (the return's "data da ocorrência"), not the day the money is credited.
 * Returns false (and issues nothing) when the creditor has neither a Pix key nor a boleto account.
 */
export async function issuePrepaymentCharge(
  db: Tx,
  scope: { tenantId: string; creditorId: string },
  p: { prepaymentId: string; amountCents: number; validUntil: string },
): Promise<boolean> {
  const settings = await loadPaymentSettings(db, scope.tenantId, scope.creditorId);
  const pix = settings?.pix ?? null;
  const boleto = settings?.boleto ?? null;
  if (!pix && !boleto) return false;
  const sequence = boleto ? await reserveBoletoNumbers(db, scope.creditorId, boleto, 1) : 0;
  await repo.insertPrepaymentCharge(db, {
    tenant_id: scope.tenantId,
    creditor_id: scope.creditorId,
    prepayment_id: p.prepaymentId,
    amount_cents: p.amountCents,
    due_date: p.validUntil,
    ...chargeMethodColumns(
      { pix, boleto },
      { id: p.prepaymentId, amountCents: p.amountCents, dueDate: p.validUntil, sequence },
    ),
  });
  return true;
}

/**
 * PUT /cob/{txid} is not repeatable at most PSPs: if an earlier attempt reached the PSP but its answer
 * was lost, the retry is refused. The charge is then read back (GET /cob/{txid}) instead of given up.
 */
async function createOrFind(client: ApiPixClient, input: Parameters<ApiPixClient['createCharge']>[0]) {
  try {
    return await client.createCharge(input);
  } catch (error) {
    const existing = await client.getCharge(input.txid).catch(() => null);
    if (existing && existing.amountCents === input.amountCents) return existing;
    throw error;
  }
}

export interface ChargeView {
  /** `expiresAt`: when a dynamic (PSP) charge stops being payable; null for a static BR Code. */
  pix: { txid: string; brCode: string | null; expiresAt: string | null } | null;
  boleto: {
    barcode: string;
    linhaDigitavel: string;
    nossoNumero: string;
    dueDate: string;
    bank: string;
  } | null;
}

export async function chargeViews(
  db: Db,
  installmentIds: string[],
): Promise<Map<string, ChargeView & { chargeId: string }>> {
  const rows = await repo.chargesOfInstallments(db, installmentIds);
  return viewsBy(rows, (c) => c.installment_id!);
}

/** The charges of prepayments (CDC art. 52 §2º), by prepayment id. */
export async function prepaymentChargeViews(
  db: Db,
  prepaymentIds: string[],
): Promise<Map<string, ChargeView & { chargeId: string }>> {
  const rows = await repo.chargesOfPrepayments(db, prepaymentIds);
  return viewsBy(rows, (c) => c.prepayment_id!);
}

function viewsBy(
  rows: Awaited<ReturnType<typeof repo.chargesOfInstallments>>,
  keyOf: (c: Awaited<ReturnType<typeof repo.chargesOfInstallments>>[number]) => string,
): Map<string, ChargeView & { chargeId: string }> {
  return new Map(
    rows.map((c) => [
      keyOf(c),
      {
        chargeId: c.id,
        pix: c.pix_txid
          ? {
              txid: c.pix_txid,
              brCode: c.pix_br_code,
              expiresAt: c.pix_expires_at ? new Date(c.pix_expires_at).toISOString() : null,
            }
          : null,
        boleto:
          c.barcode && c.linha_digitavel && c.nosso_numero_display && c.boleto_bank
            ? {
                barcode: c.barcode,
                linhaDigitavel: c.linha_digitavel,
                nossoNumero: c.nosso_numero_display,
                dueDate: c.due_date,
                bank: c.boleto_bank,
              }
            : null,
      },
    ]),
  );
}

export const findChargeByTxid = repo.findChargeByTxid;

/**
 * The charge a CNAB "identificação do título" (T 38–57) refers to. Banks write our nosso número
 * right-aligned, optionally followed by its check digit (Bradesco: wallet, zeros, 11 digits, DV that may
 * be 'P'): only those two right-aligned readings are tried — never a window further left, which would
 * read a truncated number (…0000001234 → 00000000123). The creditor comes from the file header's
 * agency and account (sequences restart per creditor); a reading that matches more than one charge is
 * treated as unmatched, never guessed.
 */
type ChargeRecord = Awaited<ReturnType<typeof repo.findChargesByNossoNumero>>[number];

export async function findChargeForReturn(
  db: Db,
  tenantId: string,
  file: { bankCode: string; agency: string; account: string },
  identification: string,
): Promise<{ charge: ChargeRecord | undefined; nossoNumero: string }> {
  const size = file.bankCode === '001' && identification.replace(/\D/g, '').length >= 17 ? 17 : 11;
  const field = identification.trim();
  const readings = [field.slice(-size), field.slice(-size - 1, -1)].filter(
    (r) => /^\d+$/.test(r) && r.length === size,
  );
  // Without a matching match the key is the field itself, without padding: the best we can say.
  const unmatched = { charge: undefined, nossoNumero: field.replace(/^0+(?=\d)/, '') };
  const sameAccount = (await repo.boletoSettingsOfTenant(db, tenantId))
    .filter((s) => {
      const b = s.boleto as BoletoBankSettings;
      return (
        b.bank === file.bankCode &&
        Number(b.agency) === Number(file.agency) &&
        Number(b.account) === Number(file.account)
      );
    })
    .map((s) => s.creditor_id);
  // The header's account is the account the money arrived in: a file for an account no creditor has
  // settles nothing of this tenant (it was never an "any creditor" wildcard).
  if (sameAccount.length === 0) return unmatched;
  const matches = await repo.findChargesByNossoNumero(
    db,
    tenantId,
    file.bankCode,
    [...new Set(readings)],
    sameAccount,
  );
  // The parsed nosso número (not the field as written, with or without its check digit) is what keys
  // the payment: the same liquidation written both ways is applied once.
  return matches.length === 1 ? { charge: matches[0], nossoNumero: matches[0]!.nosso_numero! } : unmatched;
}

/**
 * Voids the charge of an unpaid installment whose due date changed (inside the caller's transaction):
 * the boleto's due-date factor and the charge's date are part of what was issued, so the next read of
 * the agreement issues them again. The Pix txid is derived from the installment, so it stays the same.
 */
export async function voidUnpaidCharge(db: Db, installmentId: string): Promise<void> {
  await repo.deleteChargeOfInstallment(db, installmentId);
}
