export { balanceRoutes } from './balance.routes.ts';
export { type Balance, type BalanceLine, computeBalance } from './balance.rules.ts';
export {
  countIndexValues,
  getDebtBalance,
  getDebtBalances,
  listIndexValues,
  loadIndexTable,
} from './balance.service.ts';
