export { balanceRoutes } from './balance.routes.ts';
export {
  type Balance,
  type BalanceLine,
  computeBalance,
  MISSING_INDEX_NOTE_PREFIX,
  missingIndexNote,
} from './balance.rules.ts';
export {
  countIndexValues,
  getDebtBalance,
  getDebtBalances,
  getDebtBalancesInTenant,
  listIndexValues,
  loadIndexTable,
} from './balance.service.ts';
export { indexesUpdateJob, seedShippedIndexes, updateIndexFromSource } from './index-update.service.ts';
export {
  isPrescribed,
  PRESCRIPTION_TERMS,
  PRODUCT_TYPES,
  type PrescriptionStatus,
  type ProductType,
  parseProductType,
  prescriptionOf,
} from './prescription.rules.ts';
