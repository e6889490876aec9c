export { negotiationRoutes } from './negotiation.routes.ts';
export {
  assertOfferAcceptable,
  createOffersForDebtor,
  getStoredOffer,
  type StoredOffer,
} from './offer.service.ts';
export {
  bandFor,
  classifyExtraDiscount,
  DEFAULT_POLICY,
  type DiscountBand,
  type NegotiationPolicy,
  validatePolicy,
} from './policy.rules.ts';
export { getPolicy, type PolicyView, putPolicy } from './policy.service.ts';
export { renegotiationLimitMessage, renegotiationStatus } from './renegotiation.rules.ts';
