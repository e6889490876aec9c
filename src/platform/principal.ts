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
}
