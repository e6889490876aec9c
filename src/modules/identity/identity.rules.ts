import { createHash, randomBytes } from 'node:crypto';

import { actorOf, creditorScopeOf, type Principal, ROLES, type Role } from '../../platform/principal.ts';

export { actorOf, creditorScopeOf, type Principal, ROLES, type Role };

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

/**
 * What each role may do, by verb: services ask `can(principal, permission)`, never compare roles.
 * Creditor principals are further limited to their own creditor's rows (`canAccessCreditor`).
 */
export type Permission =
  | 'creditors:read'
  | 'creditors:write'
  | 'portfolio:read'
  | 'portfolio:import'
  | 'indexes:write'
  | 'tokens:write'
  | 'settings:write'
  | 'payments:read'
  | 'payments:write'
  /** Register a counter-proposal on the debtor's behalf. */
  | 'proposals:submit'
  /** Decide (approve or reject) a counter-proposal queued above the approval threshold. */
  | 'proposals:approve'
  /** Accept an offer, creating the agreement (the debtor, or an agent on their behalf). */
  | 'agreements:accept'
  /** Send a message to a debtor as an agent. */
  | 'messages:send'
  /** Edit message templates and cadences. */
  | 'cadences:manage'
  /** Record contacts, suppressions, flags (dispute, opt-out, deceased, vulnerable…) and review requests. */
  | 'contact:record'
  /** Withdraw from an agreement within 7 days on the debtor's behalf (CDC art. 49). */
  | 'agreements:cancel'
  /** Change the agency's negotiation settings (the mínimo existencial). */
  | 'negotiation:configure'
  /** Read the agents' task inbox. */
  | 'tasks:read';

/** What the agency's staff do with debtors, and the creditor role does not. */
const AGENCY_WORK: readonly Permission[] = [
  'proposals:submit',
  'agreements:accept',
  'agreements:cancel',
  'messages:send',
  'contact:record',
  'tasks:read',
];

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
    'proposals:approve',
    'cadences:manage',
    'negotiation:configure',
    ...AGENCY_WORK,
  ],
  manager: [
    'creditors:read',
    'creditors:write',
    'portfolio:read',
    'portfolio:import',
    'payments:read',
    'payments:write',
    'proposals:approve',
    'cadences:manage',
    'negotiation:configure',
    ...AGENCY_WORK,
  ],
  agent: ['creditors:read', 'portfolio:read', 'payments:read', ...AGENCY_WORK],
  creditor: ['creditors:read', 'portfolio:read', 'portfolio:import', 'payments:read'],
};

export function can(principal: Principal, permission: Permission): boolean {
  return PERMISSIONS[principal.role].includes(permission);
}

/** A creditor principal may touch only its own creditor; staff roles any creditor of the tenant. */
export function canAccessCreditor(principal: Principal, creditorId: string): boolean {
  const scope = creditorScopeOf(principal);
  return scope === null || scope === creditorId;
}

/** How a token's person is written: trimmed, inner spaces collapsed; empty → none. */
export function normalizePerson(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim().replace(/\s+/g, ' ');
  return s === '' ? null : s;
}

/**
 * Four eyes: are these two callers the same pair of eyes? The same token always is; two tokens are
 * the same person when both name one and the names match (case and spacing ignored: "Ana@X.com" and
 * "ana@x.com" hold the same mailbox). When either token names nobody, only the token ids can tell.
 */
export function samePerson(
  a: { tokenId: string; person?: string | null },
  b: { tokenId: string; person?: string | null },
): boolean {
  if (a.tokenId === b.tokenId) return true;
  const pa = normalizePerson(a.person)?.toLowerCase();
  const pb = normalizePerson(b.person)?.toLowerCase();
  return pa !== undefined && pb !== undefined && pa === pb;
}
