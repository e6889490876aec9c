export { creditorRoutes } from './creditor.routes.ts';
export { type ContractTerms, type CreditorAddress, DEFAULT_TERMS, formatAddress } from './creditor.rules.ts';
export {
  type Creditor,
  createCreditor,
  findCreditorByName,
  getCreditor,
  listCreditors,
  updateCreditor,
} from './creditor.service.ts';
