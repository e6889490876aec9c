import { labelledDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DocumentModel } from '../../platform/document.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { signedLink } from '../../platform/signed-link.ts';
import { agencyIdentification } from '../agency/index.ts';
import { formatAddress } from '../creditors/index.ts';
import type { Principal } from '../identity/index.ts';
import { renderTemplate, type TemplateContent } from '../messaging/index.ts';
import * as repo from './contact.repository.ts';
import * as ctxRepo from './context.repository.ts';
import { balanceDetailOf } from './dispatch.service.ts';
import { itemiseMessage } from './itemisation.rules.ts';
import { messageVariables, verificationFooter } from './variables.rules.ts';

/**
 * A letter step as the PDF the mailing operator prints: the rendered template (full version only for a
 * verified debtor — an envelope can be opened by anyone at the address), with the creditor's name,
 * CNPJ and address in the header (CDC art. 42-A).
 */
export async function letterDocument(
  ctx: AppContext,
  principal: Principal,
  { messageId }: { messageId: string },
): Promise<DocumentModel> {
  const db = ctx.database.db;
  const row = isUuid(messageId) ? await repo.findOutbox(db, principal.tenantId, messageId) : undefined;
  if (!row || (principal.creditorId && row.creditor_id !== principal.creditorId)) throw notFound('Mensagem');
  if (row.channel !== 'letter') throw new AppError('NOT_A_LETTER', 'Esta mensagem não é uma carta.');
  const now = ctx.clock.now();
  const c = await ctxRepo.messageContext(db, row, now);
  if (!c) throw notFound('Mensagem');
  const link = signedLink(
    ctx.config.publicUrl,
    { purpose: 'portal', ref: row.id, exp: Math.floor(now.getTime() / 1000) + 60 * 86_400 },
    ctx.config.linkSecrets,
  );
  const detail = await balanceDetailOf(ctx, db, row, row.run_date);
  const rendered = renderTemplate(
    { channel: 'letter', content: c.template.content as TemplateContent },
    messageVariables(c, link, detail.totalCents, row.verification_code, detail.breakdown),
    {
      identityVerified: c.flags.identityVerified,
      ...verificationFooter(row.verification_code, ctx.config.publicUrl),
    },
  );
  // RJ, PR, PE: the original value and each addition (itemisation.rules.ts).
  const text = itemiseMessage({
    uf: c.debtor.state ?? undefined,
    channel: 'letter',
    transactional: c.template.transactional,
    mode: rendered.mode,
    text: rendered.text,
    breakdown: detail.breakdown,
    showsAmount: row.debt_ids.length > 0,
  });
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    title: c.agency.tradeName,
    // The creditor is named (CDC art. 42-A) only on a letter to a verified debtor: an envelope can be
    // opened by anyone at the address, and the creditor alone reveals the debt.
    ...(rendered.mode === 'full'
      ? {
          subtitle: `Em nome de ${c.creditor.name} — ${labelledDocument(c.creditor.document)} — ${formatAddress(c.creditor.address as never)}`,
        }
      : {}),
    createdAt: new Date(`${row.run_date}T12:00:00-03:00`),
    blocks: [
      // Who writes (CDC art. 42-A): the agency's legal name, CNPJ, address and contact channels.
      { kind: 'lines' as const, lines: agencyIdentification(c.agency) },
      // The addressee (the post needs it; the full version's text starts with it already).
      ...(rendered.mode === 'discreet' ? [{ kind: 'lines' as const, lines: [c.debtor.name] }] : []),
      ...paragraphs.map((p) => ({ kind: 'lines' as const, lines: p.split('\n') })),
    ],
  };
}
