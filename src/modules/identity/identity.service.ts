import type { Kysely } from 'kysely';
import type { Schema } from '../../db-schema.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import * as repo from './identity.repository.ts';
import {
  actorOf,
  can,
  DEFAULT_TENANT_SLUG,
  generateToken,
  hashToken,
  isRole,
  isValidSlug,
  normalizePerson,
  type Principal,
  type Role,
} from './identity.rules.ts';

type Db = Kysely<Schema>;

export interface CreatedToken {
  id: string;
  token: string;
  tenantId: string;
  tenantSlug: string;
  role: Role;
  creditorId: string | null;
  expiresAt: string | null;
  person: string | null;
}

/**
 * Creates a bearer token. The tenant is created on first use (so a fresh install needs one
 * command); a creditor token must name a creditor of that tenant. Only the hash is stored.
 */
export async function createApiToken(
  db: Db,
  input: {
    role: string;
    creditorId?: string | null;
    tenantSlug?: string;
    label?: string | null;
    /** Optional expiry; must be after `now`. */
    expiresAt?: Date | null;
    /** The human who holds the token (e-mail or name): four eyes compares it. */
    person?: string | null;
    now?: Date;
    actor: string;
  },
): Promise<CreatedToken> {
  const slug = input.tenantSlug ?? DEFAULT_TENANT_SLUG;
  if (!isRole(input.role)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Papel inválido "${input.role}": use admin, manager, agent ou creditor.`,
    );
  }
  const creditorId = input.creditorId ?? null;
  if (input.role === 'creditor' && !creditorId) {
    // The API and the CLI both end here: name the field of each.
    throw new AppError(
      'VALIDATION_FAILED',
      'Um token do papel creditor precisa do credor: creditorId (na linha de comando, --creditor ID).',
      {
        errors: [{ field: 'creditorId', message: 'obrigatório para o papel creditor' }],
      },
    );
  }
  if (input.role !== 'creditor' && creditorId) {
    throw new AppError('VALIDATION_FAILED', 'Apenas tokens do papel creditor são vinculados a um credor.', {
      errors: [{ field: 'creditorId', message: 'só para o papel creditor' }],
    });
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= (input.now ?? new Date()).getTime()) {
    throw new AppError('VALIDATION_FAILED', 'A validade do token (expiresAt) deve ser no futuro.', {
      errors: [{ field: 'expiresAt', message: 'deve ser no futuro' }],
    });
  }
  const person = normalizePerson(input.person);
  if (person !== null && person.length > MAX_PERSON_LENGTH) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A pessoa do token (person) tem no máximo ${MAX_PERSON_LENGTH} caracteres.`,
      {
        errors: [{ field: 'person', message: `no máximo ${MAX_PERSON_LENGTH} caracteres` }],
      },
    );
  }
  const tenant = await ensureTenant(db, slug);
  if (
    creditorId &&
    !(isUuid(creditorId) && (await repo.creditorBelongsToTenant(db, tenant.id, creditorId)))
  ) {
    throw new AppError('NOT_FOUND', `Credor ${creditorId} não encontrado no tenant "${slug}".`);
  }
  const token = generateToken();
  const row = await repo.insertToken(db, {
    tenantId: tenant.id,
    role: input.role,
    creditorId,
    tokenHash: hashToken(token),
    label: input.label ?? null,
    expiresAt,
    person,
  });
  await repo.recordAudit(db, {
    tenantId: tenant.id,
    actor: input.actor,
    action: 'token.created',
    entity: 'api_token',
    entityId: row.id,
    details: { role: input.role, creditorId, expiresAt: expiresAt?.toISOString() ?? null, person },
  });
  return {
    id: row.id,
    token,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    role: input.role,
    creditorId,
    expiresAt: expiresAt?.toISOString() ?? null,
    person,
  };
}

const MAX_PERSON_LENGTH = 200;

/** The tenant with this slug, created on first use (the CLI and first start need no set-up step). */
export async function ensureTenant(db: Db, slug: string): Promise<{ id: string; slug: string }> {
  if (!isValidSlug(slug)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Identificador de tenant inválido "${slug}": use letras minúsculas, números e hífen (2 a 63 caracteres).`,
    );
  }
  return repo.insertTenantIfMissing(db, slug, slug === DEFAULT_TENANT_SLUG ? 'Tenant padrão' : slug);
}

/** Who the CLI acts as: the tenant's administrator (it runs on the machine; the API needs a token). */
export async function cliPrincipal(db: Db, tenantSlug: string): Promise<Principal> {
  const tenant = await ensureTenant(db, tenantSlug);
  return { tenantId: tenant.id, role: 'admin', creditorId: null, tokenId: 'cli' };
}

/** A token in the caller's own tenant (POST /api/v1/tokens). */
export async function createApiTokenInTenantOf(
  db: Db,
  principal: Principal,
  input: {
    role: string;
    creditorId?: string | null;
    label?: string | null;
    expiresAt?: Date | null;
    person?: string | null;
    now: Date;
  },
): Promise<CreatedToken> {
  requireTokenAdmin(principal);
  const tenant = await repo.findTenantById(db, principal.tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant não encontrado.');
  return createApiToken(db, { ...input, tenantSlug: tenant.slug, actor: actorOf(principal) });
}

function requireTokenAdmin(principal: Principal) {
  if (!can(principal, 'tokens:write'))
    throw new AppError('FORBIDDEN', 'Apenas administradores gerenciam tokens.');
}

export interface TokenView {
  id: string;
  role: Role;
  creditorId: string | null;
  label: string | null;
  /** The human holding the token (e-mail or name), or null. */
  person: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** Expired tokens stay listed (so they can be revoked or replaced) but no longer authenticate. */
  expired: boolean;
}

/** The tenant's live tokens (GET /api/v1/tokens, `trato token list`): never the secret nor its hash. */
export async function listApiTokens(
  db: Db,
  principal: Principal,
  { now }: { now: Date },
): Promise<TokenView[]> {
  requireTokenAdmin(principal);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return (await repo.listTokens(db, principal.tenantId)).map((r) => ({
    id: r.id,
    role: r.role,
    creditorId: r.creditor_id,
    label: r.label,
    person: r.person,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
    expired: r.expires_at !== null && new Date(r.expires_at).getTime() <= now.getTime(),
  }));
}

/**
 * Who asked, as four eyes needs it: an actor (`token:ID`, as recorded on a request) → its token id and
 * the person on that token (kept after revocation). The CLI (`cli`) is its own actor, with no person.
 */
export async function actorIdentity(
  db: Db,
  tenantId: string,
  actor: string,
): Promise<{ tokenId: string; person: string | null }> {
  const tokenId = actor.startsWith('token:') ? actor.slice('token:'.length) : actor;
  const person = isUuid(tokenId) ? await repo.findTokenPerson(db, tenantId, tokenId) : null;
  return { tokenId, person };
}

/** Revokes at once: the next request with the token is 401 (no cache in between). */
export async function revokeApiToken(
  db: Db,
  principal: Principal,
  { id, now }: { id: string; now: Date },
): Promise<void> {
  requireTokenAdmin(principal);
  if (!isUuid(id) || !(await repo.revokeToken(db, principal.tenantId, id, now))) {
    throw new AppError('NOT_FOUND', `Token ${id} não encontrado.`);
  }
  await repo.recordAudit(db, {
    tenantId: principal.tenantId,
    actor: principal.tokenId === 'cli' ? 'cli' : actorOf(principal),
    action: 'token.revoked',
    entity: 'api_token',
    entityId: id,
  });
}

/** Last use is written at most once a minute per token: a busy token does not write on every call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export async function authenticateBearer(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<Principal | null> {
  const row = await repo.findActiveTokenByHash(db, hashToken(token), now);
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_GRANULARITY_MS) {
    await repo.touchToken(db, row.id, now);
  }
  return {
    tenantId: row.tenant_id,
    role: row.role,
    creditorId: row.creditor_id,
    tokenId: row.id,
    person: row.person,
  };
}

export async function hasAnyToken(db: Db): Promise<boolean> {
  return (await repo.countTokens(db)) > 0;
}

export const recordAudit = repo.recordAudit;

/** Every tenant's id, for jobs that act for all tenants. */
export function listTenantIds(db: Db): Promise<string[]> {
  return repo.listTenantIds(db);
}

/** A tenant's id, slug and name (the agency shown on the debtor portal), or null. */
export async function findTenant(
  db: Db,
  id: string,
): Promise<{ id: string; slug: string; name: string } | null> {
  const row = await repo.findTenantById(db, id);
  return row ? { id: row.id, slug: row.slug, name: row.name } : null;
}
