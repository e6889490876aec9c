import { createHash, randomBytes } from 'node:crypto';

import { type Principal, ROLES, type Role } from '../../platform/principal.ts';

export { type Principal, ROLES, type Role };

export const DEFAULT_TENANT_SLUG = 'default';
const TOKEN_PREFIX = 'trato_';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A 256-bit random bearer token; the prefix makes leaked tokens easy to recognise in scanners. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(slug);
}

/** What each role may do. Creditor principals are further limited to their own creditor's rows. */
export type Permission =
  | 'creditors:read'
  | 'creditors:write'
  | 'portfolio:read'
  | 'portfolio:import'
  | 'indexes:write'
  | 'tokens:write'
  | 'settings:write'
  | 'payments:read'
  | 'payments:write';

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'creditors:read',
    'creditors:write',
    'portfolio:read',
    'portfolio:import',
    'indexes:write',
    'tokens:write',
    'settings:write',
    'payments:read',
    'payments:write',
  ],
  manager: [
    'creditors:read',
    'creditors:write',
    'portfolio:read',
    'portfolio:import',
    'payments:read',
    'payments:write',
  ],
  agent: ['creditors:read', 'portfolio:read', 'payments:read'],
  creditor: ['creditors:read', 'portfolio:read', 'portfolio:import', 'payments:read'],
};

export function can(principal: Principal, permission: Permission): boolean {
  return PERMISSIONS[principal.role].includes(permission);
}

/** A creditor principal may touch only its own creditor; staff roles any creditor of the tenant. */
export function canAccessCreditor(principal: Principal, creditorId: string): boolean {
  return principal.role !== 'creditor' || principal.creditorId === creditorId;
}
