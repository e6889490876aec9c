export { agencyRoutes, agencyView } from './agency.routes.ts';
export {
  type AgencyProfile,
  agencyContactLine,
  agencyIdentification,
  DEFAULT_AGENCY_NAME,
  defaultAgencyProfile,
  formatPhone,
  validateAgencyProfile,
} from './agency.rules.ts';
export { AgencyBody, type AgencyProfileInput } from './agency.schemas.ts';
export { getAgencyProfile, putAgencyProfile, readAgencySettings } from './agency.service.ts';
