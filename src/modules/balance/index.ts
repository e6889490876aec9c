export { balanceRoutes } from './balance.routes.ts';
export { type Balance, type BalanceLine, computeBalance } from './balance.rules.ts';
export {
  countIndexValues,
  getDebtBalance,
  getDebtBalances,
  getDebtBalancesInTenant,
  loadIndexTable,
} from './balance.service.ts';
export {
  isPrescribed,
  PRESCRIPTION_TERMS,
  PRODUCT_TYPES,
  type PrescriptionStatus,
  type ProductType,
  parseProductType,
  prescriptionOf,
} from './prescription.rules.ts';
