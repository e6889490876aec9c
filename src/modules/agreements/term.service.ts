import type { AppContext } from '../../platform/context.ts';
import type { DocumentModel } from '../../platform/document.ts';
import { agencyIdentification, getAgencyProfile } from '../agency/index.ts';
import { MISSING_INDEX_NOTE_PREFIX } from '../balance/index.ts';
import { formatAddress, getCreditor } from '../creditors/index.ts';
import type { Principal } from '../identity/index.ts';
import { getStoredOffer } from '../negotiation/index.ts';
import { getDebtorWithDebts } from '../portfolio/index.ts';
import { getAgreement } from './agreement.service.ts';
import { termDocument } from './term.rules.ts';

/** The agreement's term document (CDC art. 42-A: the creditor's and the agency's name, CNPJ and address). */
export async function agreementTerm(
  ctx: AppContext,
  principal: Principal,
  { agreementId }: { agreementId: string },
): Promise<DocumentModel> {
  const agreement = await getAgreement(ctx, principal, { id: agreementId });
  const creditor = await getCreditor(ctx.database.db, principal, { id: agreement.creditorId });
  const debtor = await getDebtorWithDebts(ctx, principal, { id: agreement.debtorId });
  const offer = await getStoredOffer(ctx, principal, { offerId: agreement.offerId });
  return termDocument({
    agreementId: agreement.id,
    createdAt: agreement.createdAt,
    creditor: { name: creditor.name, document: creditor.document, address: formatAddress(creditor.address) },
    agency: agencyIdentification(await getAgencyProfile(ctx.database.db, principal.tenantId)),
    debtor: { name: debtor.name, document: debtor.document },
    debts: debtor.debts.filter((d) => agreement.debtIds.includes(d.id)),
    balanceCents: agreement.balanceCents,
    discountCents: agreement.discountCents,
    totalCents: agreement.totalCents,
    downPaymentCents: agreement.downPaymentCents,
    monthlyRatePercent: agreement.monthlyRatePercent,
    cetAnnualPercent: agreement.cetAnnualPercent,
    graceDays: agreement.graceDays,
    installments: agreement.installments,
    effectiveAnnualRatePercent: agreement.effectiveAnnualRatePercent,
    interestMethod: agreement.interestMethod,
    offerValidityDays: offer.validity_days,
    indexNote:
      (offer.explanation as string[]).find((line) => line.startsWith(MISSING_INDEX_NOTE_PREFIX)) ?? null,
    includesPrescribedDebt: agreement.includesPrescribedDebt,
  });
}
