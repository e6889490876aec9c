import { describe, expect, it } from 'vitest';
import {
  actorOf,
  can,
  canAccessCreditor,
  creditorScopeOf,
  normalizePerson,
  type Permission,
  type Principal,
  ROLES,
  type Role,
  samePerson,
} from './identity.rules.ts';

const principal = (role: Role): Principal => ({
  tenantId: 't',
  role,
  creditorId: role === 'creditor' ? 'c1' : null,
  tokenId: 'tok',
});

// Who may do what, verb by verb. The last seven rows are the checks that services used to write as
// role comparisons (`role === 'creditor'`, `role !== 'admin' && role !== 'manager'`): the table keeps
// exactly the same outcomes.
const TABLE: Record<Permission, readonly Role[]> = {
  'creditors:read': ['admin', 'manager', 'agent', 'creditor'],
  'creditors:write': ['admin', 'manager'],
  'portfolio:read': ['admin', 'manager', 'agent', 'creditor'],
  'portfolio:import': ['admin', 'manager', 'creditor'],
  'indexes:write': ['admin'],
  'tokens:write': ['admin'],
  'settings:write': ['admin'],
  'payments:read': ['admin', 'manager', 'agent', 'creditor'],
  'payments:write': ['admin', 'manager'],
  'proposals:submit': ['admin', 'manager', 'agent'],
  'proposals:approve': ['admin', 'manager'],
  'agreements:accept': ['admin', 'manager', 'agent'],
  'agreements:cancel': ['admin', 'manager', 'agent'],
  'negotiation:configure': ['admin', 'manager'],
  'messages:send': ['admin', 'manager', 'agent'],
  'cadences:manage': ['admin', 'manager'],
  'contact:record': ['admin', 'manager', 'agent'],
  'tasks:read': ['admin', 'manager', 'agent'],
};

describe('can(principal, permission)', () => {
  for (const [permission, allowed] of Object.entries(TABLE) as [Permission, readonly Role[]][]) {
    it(`${permission}: ${allowed.join(', ')}`, () => {
      expect(ROLES.filter((r) => can(principal(r), permission))).toEqual(allowed);
    });
  }
});

describe('canAccessCreditor and actorOf', () => {
  it('a creditor principal reaches only its own creditor; staff any', () => {
    expect(canAccessCreditor(principal('creditor'), 'c1')).toBe(true);
    expect(canAccessCreditor(principal('creditor'), 'c2')).toBe(false);
    expect(canAccessCreditor(principal('agent'), 'c2')).toBe(true);
  });

  it('creditorScopeOf: the creditor a principal is confined to, null for staff', () => {
    expect(creditorScopeOf(principal('creditor'))).toBe('c1');
    for (const role of ['admin', 'manager', 'agent'] as const)
      expect(creditorScopeOf(principal(role))).toBeNull();
  });

  it('records the token as the author', () => {
    expect(actorOf(principal('agent'))).toBe('token:tok');
  });
});

describe('four eyes compares people, not tokens', () => {
  it('the same token, or two tokens of the same person, are one pair of eyes', () => {
    expect(samePerson({ tokenId: 'a' }, { tokenId: 'a' })).toBe(true);
    expect(samePerson({ tokenId: 'a', person: 'Ana@X.com ' }, { tokenId: 'b', person: 'ana@x.com' })).toBe(
      true,
    );
    expect(samePerson({ tokenId: 'a', person: 'Ana  Souza' }, { tokenId: 'b', person: 'ana souza' })).toBe(
      true,
    );
  });

  it('different people, or a token that names nobody, fall back to the token ids', () => {
    expect(samePerson({ tokenId: 'a', person: 'ana' }, { tokenId: 'b', person: 'bia' })).toBe(false);
    expect(samePerson({ tokenId: 'a', person: 'ana' }, { tokenId: 'b', person: null })).toBe(false);
    expect(samePerson({ tokenId: 'a', person: '  ' }, { tokenId: 'b', person: '' })).toBe(false);
    expect(normalizePerson('  Ana   Souza ')).toBe('Ana Souza');
    expect(normalizePerson('   ')).toBe(null);
  });
});
