export { creditorRoutes } from './creditor.routes.ts';
export {
  type ContractTerms,
  type CreditorAddress,
  DEFAULT_TERMS,
  formatAddress,
  type StructuredAddress,
  validateAddress,
} from './creditor.rules.ts';
export { CreditorBody, type CreditorInput } from './creditor.schemas.ts';
export {
  type Creditor,
  createCreditor,
  findCreditorByName,
  getCreditor,
  getCreditorInTenant,
  listCreditors,
  updateCreditor,
} from './creditor.service.ts';
