export { agencyRoutes, agencyView } from './agency.routes.ts';
export {
  type AgencyProfile,
  type AgencyProfileInput,
  agencyContactLine,
  agencyIdentification,
  DEFAULT_AGENCY_NAME,
  defaultAgencyProfile,
  formatPhone,
  validateAgencyProfile,
} from './agency.rules.ts';
export { getAgencyProfile, putAgencyProfile, readAgencySettings } from './agency.service.ts';
