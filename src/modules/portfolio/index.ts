export {
  addContact,
  type ContactView,
  confirmContact,
  contactsUsableFor,
} from './contacts.service.ts';
export {
  type ContactsUsable,
  confirmPortalContact,
  findDebtorByDocument,
  findDebtorById,
  markDebtDisputed,
  type PortalDebtor,
  portalContactsOf,
  portalPersonOf,
  type ScopedPerson,
  type VouchedContact,
} from './debtor-lookup.service.ts';
export {
  countPortfolio,
  debtorsByContact,
  deductFromDebts,
  findDebtorForContact,
  listDebtsOfDebtor,
  moveDebtsToAgreement,
  principalsOf,
  recordAcknowledgment,
  reopenDebtsAfterBreak,
  reopenDebtsAfterCancellation,
  settleDebts,
} from './debtors.repository.ts';
export {
  type DebtView,
  getDebt,
  getDebtorWithDebts,
  getDebts,
  getDebtsInTenant,
  searchDebtors,
  toDebtView,
} from './debtors.service.ts';
export { createDemoPortfolio } from './demo.ts';
export { chargeFreezesOf, endChargeFreeze, freezeCharges } from './freezes.repository.ts';
export { importJob } from './import.jobs.ts';
export {
  type ImportMode,
  type ImportProgress,
  type ImportReport,
  importPortfolio,
} from './import.service.ts';
export { portfolioRoutes } from './portfolio.routes.ts';
export { PRODUCT_TYPES, type ProductType, parseProductType } from './product-type.rules.ts';
