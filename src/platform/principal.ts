/**
 * Who is calling a staff route: resolved by identity from a bearer token; every repository query
 * is scoped by it. The type lives in the kernel so the HTTP layer can carry it without depending
 * on the module that authenticates (identity owns how a token becomes a Principal).
 */
export const ROLES = ['admin', 'manager', 'agent', 'creditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  tenantId: string;
  role: Role;
  /** Set only for the `creditor` role: the one creditor whose data this principal may see. */
  creditorId: string | null;
  tokenId: string;
  /**
   * The person holding the token (an e-mail or a name), when the token was created with one. Four eyes
   * compares people: the same person with two tokens is still one pair of eyes.
   */
  person?: string | null;
}

/**
 * The one creditor whose rows a principal is confined to (the `creditor` role), or null for the
 * agency's staff, who see every creditor of the tenant. Visibility asks this; permissions ask `can`.
 */
export function creditorScopeOf(principal: Principal): string | null {
  return principal.role === 'creditor' ? principal.creditorId : null;
}

/**
 * How a principal is recorded as the author of a change (audit events, `updated_by`, agreement and
 * contact events): the token, never a name, so the record survives renaming people.
 */
export function actorOf(principal: Principal): string {
  return `token:${principal.tokenId}`;
}
