export { identityRoutes } from './identity.routes.ts';
export {
  actorOf,
  can,
  canAccessCreditor,
  creditorScopeOf,
  DEFAULT_TENANT_SLUG,
  isRole,
  normalizePerson,
  type Permission,
  type Principal,
  ROLES,
  type Role,
  samePerson,
} from './identity.rules.ts';
export {
  actorIdentity,
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
export {
  CEILING_VARIABLE,
  effectiveLimits,
  LIMIT_MINIMUMS,
  type LimitsInput,
  type StoredLimits,
  validateLimits,
} from './limits.rules.ts';
export {
  LIMITS_CACHE_TTL_MS,
  type LimitsView,
  limitsAsInput,
  putLimitsSettings,
  readLimitsSettings,
  tenantLimitsOf,
} from './limits.service.ts';
