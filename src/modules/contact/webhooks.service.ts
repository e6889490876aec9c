import { createHash, timingSafeEqual } from 'node:crypto';
import { providerWebhookSecret, WEBHOOK_SECRET_VARIABLE } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { signedLink } from '../../platform/signed-link.ts';
import { uuidv7 } from '../../platform/uuid7.ts';
import { getAgencyProfile } from '../agency/index.ts';
import {
  type ChannelAdapter,
  ChannelError,
  classifyReply,
  type MessagingProvider,
  parseInbound,
  parseStatusCallback,
  type ReplyIntent,
  verifyWhatsAppSignature,
} from '../messaging/index.ts';
import { debtorsByContact } from '../portfolio/index.ts';
import * as repo from './contact.repository.ts';
import { decideContact } from './guardrail.rules.ts';

/**
 * Provider callbacks. Delivery statuses update the message; inbound replies are the debtor talking:
 * "SAIR"/"PARAR"/"STOP" stop that channel at once, "NEGOCIAR"/"ACORDO" get the portal link back, and
 * anything else goes to the agents' inbox. Any reply is a two-way conversation, which starts the quiet
 * period of the frequency caps.
 */
/**
 * WhatsApp signs its callbacks (X-Hub-Signature-256, HMAC of the raw body with the app secret); for SMS,
 * the Zenvia subscription sends a shared secret in a custom header (X-Webhook-Secret). Without them
 * anyone could opt a debtor out or fill the agents' inbox, so a configured secret is always checked.
 */
function checkSignature(
  ctx: AppContext,
  provider: MessagingProvider,
  rawBody: string,
  signature: string | undefined,
  webhookSecret: string | undefined,
) {
  const secret = providerWebhookSecret(ctx.config.messaging, provider);
  // Fails closed in every environment: a webhook without its secret would let anyone opt debtors out,
  // fill the agents' inbox or make us text a link to a number they name. Development uses the
  // simulator, which signs with the secret it is given.
  if (!secret) {
    throw new AppError(
      'WEBHOOK_NOT_CONFIGURED',
      `O webhook de ${provider === 'sms' ? 'SMS' : 'WhatsApp'} está desligado: defina ${WEBHOOK_SECRET_VARIABLE[provider]} para recebê-lo.`,
    );
  }
  if (provider === 'whatsapp' && !verifyWhatsAppSignature(rawBody, signature, secret)) {
    throw new AppError('UNAUTHENTICATED', 'Assinatura X-Hub-Signature-256 ausente ou inválida.');
  }
  if (provider === 'sms' && !sameSecret(webhookSecret, secret)) {
    throw new AppError('UNAUTHENTICATED', 'Segredo do webhook (X-Webhook-Secret) ausente ou inválido.');
  }
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function parsed<T>(
  r: { ok: true; value: T[] } | { ok: false; errors: { path: string; message: string }[] },
): T[] {
  if (!r.ok) {
    throw new AppError('VALIDATION_FAILED', 'Notificação do provedor inválida.', {
      errors: r.errors.map((e) => ({ field: e.path, message: e.message })),
    });
  }
  return r.value;
}

export async function receiveStatus(
  ctx: AppContext,
  provider: MessagingProvider,
  body: unknown,
  rawBody: string,
  signature: string | undefined,
  webhookSecret?: string,
) {
  checkSignature(ctx, provider, rawBody, signature, webhookSecret);
  const updates = parsed(parseStatusCallback(provider, body));
  let matched = 0;
  for (const u of updates) {
    const row = await repo.findOutboxByProviderId(ctx.database.db, u.providerMessageId);
    if (!row) continue;
    matched += 1;
    await repo.updateOutbox(ctx.database.db, row.id, { delivery_status: u.status });
    await repo.insertEvent(ctx.database.db, {
      tenantId: row.tenant_id,
      debtorId: row.debtor_id,
      outboxId: row.id,
      type: u.status,
      channel: row.channel,
      reason: u.error ?? null,
      at: u.at,
    });
  }
  return { received: updates.length, matched };
}

export async function receiveInbound(
  ctx: AppContext,
  provider: MessagingProvider,
  body: unknown,
  rawBody: string,
  signature: string | undefined,
  adapters: Partial<Record<string, ChannelAdapter>>,
  webhookSecret?: string,
) {
  checkSignature(ctx, provider, rawBody, signature, webhookSecret);
  const messages = parsed(parseInbound(provider, body));
  const results: { from: string; intent: ReplyIntent; debtors: number; duplicate?: true }[] = [];
  for (const m of messages) {
    const intent = classifyReply(m.text);
    // Everything one message does is written in one transaction, with the claim of its provider id:
    // a replay changes nothing, and a failure leaves no half-written conversation behind.
    const outcome = await ctx.database.db.transaction().execute(async (db) => {
      if (!(await repo.claimInboundMessage(db, provider, m.providerMessageId))) return null;
      const last = await repo.lastRecipient(db, m.from);
      const debtors = last.length > 0 ? last : await debtorsByContact(db, m.from);
      for (const d of debtors) await recordInbound(db, provider, m, intent, d);
      return debtors;
    });
    if (outcome === null) {
      results.push({ from: m.from, intent, debtors: 0, duplicate: true });
      continue;
    }
    // The link goes out after COMMIT: no network call inside a transaction.
    if (intent === 'negotiate') {
      for (const d of outcome) await replyWithLink(ctx, provider, m.from, d, adapters, m.at);
    }
    results.push({ from: m.from, intent, debtors: outcome.length });
  }
  return { received: messages.length, results };
}

async function recordInbound(
  db: Parameters<typeof repo.insertEvent>[0],
  provider: MessagingProvider,
  m: { text: string; providerMessageId: string; at: Date },
  intent: ReturnType<typeof classifyReply>,
  d: { id: string; tenant_id: string },
) {
  await repo.markConversation(db, d.tenant_id, d.id, m.at);
  await repo.insertEvent(db, {
    tenantId: d.tenant_id,
    debtorId: d.id,
    outboxId: null,
    type: 'inbound',
    channel: provider,
    reason: intent,
    details: { text: m.text, providerMessageId: m.providerMessageId },
    at: m.at,
  });
  if (intent === 'opt_out') {
    // Stops this channel at once (LGPD art. 18; Código de Autorregulamentação de cobrança).
    await repo.insertSuppression(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      kind: 'opt_out',
      channel: provider,
      until: null,
      note: `Resposta "${m.text.slice(0, 40)}"`,
      by: `inbound:${provider}`,
    });
    await repo.insertEvent(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      outboxId: null,
      type: 'opt_out',
      channel: provider,
      reason: `O devedor pediu para não receber mais mensagens por ${provider}.`,
      at: m.at,
    });
  } else if (intent === 'dispute') {
    // "Essa dívida não é minha": collection stops on every channel until a person looks at it (a
    // dispute suppression, lifted by an agent), and the person's words go to the agents' inbox.
    await repo.insertSuppression(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      kind: 'dispute',
      channel: null,
      until: null,
      note: `Resposta "${m.text.slice(0, 80)}"`,
      by: `inbound:${provider}`,
    });
    await repo.insertEvent(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      outboxId: null,
      type: 'dispute_opened',
      channel: provider,
      reason: 'O devedor disse que não reconhece a dívida: cobrança suspensa até a análise de uma pessoa.',
      at: m.at,
    });
    await repo.insertTask(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      kind: 'dispute',
      channel: provider,
      text: m.text,
      outboxId: null,
      details: { providerMessageId: m.providerMessageId },
    });
  } else if (intent !== 'negotiate') {
    await repo.insertTask(db, {
      tenantId: d.tenant_id,
      debtorId: d.id,
      kind: 'inbound_reply',
      channel: provider,
      text: m.text,
      outboxId: null,
    });
  }
}

/** The link the debtor asked for: transactional and awaited, so it goes now (it is their reply). */
async function replyWithLink(
  ctx: AppContext,
  provider: MessagingProvider,
  to: string,
  d: { id: string; tenant_id: string },
  adapters: Partial<Record<string, ChannelAdapter>>,
  at: Date,
) {
  // One link an hour per debtor is plenty; more would be a way to make us text someone repeatedly.
  const recent = await repo.recentEvent(
    ctx.database.db,
    d.id,
    'reply_sent',
    new Date(at.getTime() - 3_600_000),
  );
  if (recent) return;
  const ref = uuidv7();
  const link = signedLink(
    ctx.config.publicUrl,
    { purpose: 'portal', ref, exp: Math.floor(at.getTime() / 1000) + 7 * 86_400 },
    ctx.config.linkSecrets,
  );
  // Signed with the agency's name: the person must know who answers (CDC art. 42-A).
  const agency = await getAgencyProfile(ctx.database.db, d.tenant_id);
  const text = `${agency.tradeName}: que bom que você quer negociar! Veja as opções e escolha a que cabe no seu bolso: ${link}`;
  const adapter = adapters[provider];
  let status = 'reply_sent';
  let reason: string | null = null;
  // Through the same guardrail as everything else: transactional and awaited (the debtor just asked),
  // so no window or cap applies — but a deceased flag or an opt-out of this channel still stops it.
  const db = ctx.database.db;
  const facts = await repo.guardrailFacts(db, d.tenant_id, d.id, at);
  const decision = decideContact({
    at,
    channel: provider,
    transactional: true,
    requestedNow: true,
    history: facts.history,
    suppressions: facts.suppressions,
    flags: facts.flags,
    debts: [],
  });
  try {
    if (decision.status === 'suppressed') throw new ChannelError(decision.reason, { retryable: false });
    if (!adapter) throw new ChannelError(`canal ${provider} não configurado`, { retryable: false });
    await adapter.send({
      channel: provider,
      to,
      text,
      // A reply to the debtor's own message: free text is allowed inside WhatsApp's 24-hour service window.
      idempotencyKey: ref,
    });
  } catch (error) {
    status = 'reply_failed';
    reason = (error as Error).message;
  }
  await repo.insertEvent(ctx.database.db, {
    tenantId: d.tenant_id,
    debtorId: d.id,
    outboxId: null,
    type: status,
    channel: provider,
    reason,
    details: { ref },
    at,
  });
}
