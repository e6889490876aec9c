export { identityRoutes } from './identity.routes.ts';
export {
  actorOf,
  can,
  canAccessCreditor,
  creditorScopeOf,
  DEFAULT_TENANT_SLUG,
  isRole,
  type Permission,
  type Principal,
  ROLES,
  type Role,
} from './identity.rules.ts';
export {
  authenticateBearer,
  type CreatedToken,
  cliPrincipal,
  createApiToken,
  createApiTokenInTenantOf,
  ensureTenant,
  findTenant,
  hasAnyToken,
  listApiTokens,
  listTenantIds,
  recordAudit,
  revokeApiToken,
  type TokenView,
} from './identity.service.ts';
