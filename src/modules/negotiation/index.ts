export {
  cetAnnualPercent,
  effectiveAnnualFromMonthly,
  monthsElapsed,
  priceSchedule,
  simpleInterestSchedule,
} from './finance.rules.ts';
export { negotiationRoutes } from './negotiation.routes.ts';
export { type InterestMethod, InterestMethodSchema } from './negotiation.schemas.ts';
export { PRESCRIBED_DEBT_NOTICE } from './offer.rules.ts';
export {
  assertOfferAcceptable,
  createOffersForDebtor,
  DEFAULT_MINIMUM_EXISTENTIAL_CENTS,
  getNegotiationSettings,
  getStoredOffer,
  minimumExistentialOf,
  type NegotiationSettings,
  putNegotiationSettings,
  type StoredOffer,
} from './offer.service.ts';
export {
  bandFor,
  type CreditorKind,
  classifyExtraDiscount,
  DEFAULT_POLICY,
  type DiscountBand,
  type InstallmentInterestRule,
  installmentInterestRule,
  MIN_OFFER_VALIDITY_DAYS,
  type NegotiationPolicy,
  validatePolicy,
} from './policy.rules.ts';
export { getPolicy, type PolicyView, putPolicy } from './policy.service.ts';
export { submitProposal } from './proposal.service.ts';
export { renegotiationLimitMessage, renegotiationStatus } from './renegotiation.rules.ts';
