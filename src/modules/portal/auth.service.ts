import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { classifyDocument } from '../../platform/br-documents.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { createSignedToken, verifySignedToken } from '../../platform/signed-link.ts';
import { getAgencyProfile } from '../agency/index.ts';
import { debtorOfMessageLink, sendRequestedMessage } from '../contact/index.ts';
import { ensureTenant } from '../identity/index.ts';
import type { ChannelAdapter, ChannelName } from '../messaging/index.ts';
import {
  type ContactsUsable,
  confirmPortalContact,
  findDebtorByDocument,
  findDebtorById,
  type PortalDebtor,
  portalContactsOf,
} from '../portfolio/index.ts';
import * as repo from './portal.repository.ts';
import {
  afterFailure,
  CODE_TTL_SECONDS,
  type CodeChannel,
  chooseCodeContact,
  codeMessage,
  describeContact,
  formatCode,
  type HeldContact,
  lockRemainingSeconds,
  normalizeCode,
  PRE_IDENTIFICATION_SECONDS,
  parseBirthDate,
  purgeCutoffs,
  RATE_LIMITS,
  type RateLimit,
  SESSION_IDLE_SECONDS,
  secondsUntilWindowEnds,
  sessionExpiry,
  sessionScope,
  windowStart,
} from './portal.rules.ts';

/** The identified debtor of a portal request. */
export interface PortalSession {
  tenantId: string;
  debtorId: string;
  /** SHA-256 of the cookie value (the session's key). */
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  /**
   * The session's scope: the creditors the verification proved the person to (the contact that got the
   * code vouched for them and the birth date matched their own row). The portal shows and acts only on
   * these creditors' debts and tells nothing about the others.
   */
  creditorIds: string[];
}

export interface PortalAuthOptions {
  /** Every auth/start answer takes at least this long, known document or not (timing equalised). */
  minStartMs: number;
  /** Same for auth/verify. */
  minVerifyMs: number;
  /** `Secure` on cookies (production or an https public URL). */
  secureCookies: boolean;
  /** Overrides of the product's limits (tests). */
  rateLimits?: Partial<Record<keyof typeof RATE_LIMITS, RateLimit>> | undefined;
}

export const SESSION_COOKIE = 'trato_portal';
export const PRE_COOKIE = 'trato_portal_link';
export const COOKIE_PATH = '/api/portal';

/** The same answer for every document: nothing tells whether it is known (issue 11). */
export const START_MESSAGE =
  'Se os dados conferirem, enviamos um código de 6 números para o contato cadastrado. Ele vale por 10 minutos e pode levar alguns minutos para chegar.';

const UNAUTHORIZED_DETAIL =
  'Não conseguimos confirmar seus dados. Confira o código e a data de nascimento e tente de novo.';

export function hashId(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sleepUntil(startedAt: number, minMs: number): Promise<void> {
  const wait = startedAt + minMs - performance.now();
  return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface RequestFacts {
  ip: string;
  /** The pre-identification cookie from a message link, if any. */
  preToken?: string | undefined;
  /** The session cookie, if any (renewed, never reused, on identification). */
  sessionToken?: string | undefined;
}

export function createPortalAuth(
  ctx: AppContext,
  adapters: Partial<Record<ChannelName, ChannelAdapter>>,
  options: PortalAuthOptions,
) {
  const secret = ctx.config.linkSecrets[0]!;
  /** In-flight code deliveries (not awaited by the answer, so timing does not depend on them). */
  const pending = new Set<Promise<unknown>>();
  const limits = { ...RATE_LIMITS, ...options.rateLimits };

  /** The key of an identification: HMAC of tenant and document (no document in clear in the table). */
  const subjectOf = (tenantId: string, document: string) =>
    createHmac('sha256', secret).update(`portal:${tenantId}:${document}`).digest('hex');
  const codeHash = (subject: string, code: string) =>
    createHmac('sha256', secret).update(`code:${subject}:${code}`).digest('hex');

  async function limit(key: string, rule: RateLimit) {
    const at = ctx.clock.now();
    const count = await repo.hit(ctx.database.db, key, windowStart(at, rule));
    // The first hit of a window clears counters of windows long gone (the table stays small).
    if (count === 1) await repo.purgeRateLimits(ctx.database.db, new Date(at.getTime() - 2 * 3_600_000));
    if (count > rule.max) {
      const retryAfterSeconds = secondsUntilWindowEnds(at, rule);
      throw new AppError(
        'RATE_LIMITED',
        'Muitas tentativas seguidas. Por segurança, espere um pouco e tente de novo.',
        {
          retryAfterSeconds,
        },
      );
    }
  }

  /**
   * The debtor pre-identified by a message link (cookie), or null, with the creditor whose message carried
   * the link (null for a reply's link). The cookie names the message, not the debtor, so both are read
   * again here.
   */
  async function preIdentified(
    token: string | undefined,
  ): Promise<(PortalDebtor & { linkCreditorId: string | null }) | null> {
    if (!token) return null;
    const v = verifySignedToken(token, ctx.config.linkSecrets, ctx.clock.now(), 'portal-pre');
    if (!v.ok || v.payload.purpose !== 'portal-pre') return null;
    const target = await debtorOfMessageLink(ctx, v.payload.ref);
    if (!target) return null;
    const debtor = await findDebtorById(ctx, target.debtorId);
    return debtor && debtor.tenantId === target.tenantId
      ? { ...debtor, linkCreditorId: target.creditorId }
      : null;
  }

  /** Who is being identified: a typed document in the portal's tenant, or the link's debtor. */
  async function resolveSubject(document: string | undefined, preToken: string | undefined) {
    if (document !== undefined) {
      const c = classifyDocument(document);
      if (!c.ok) {
        throw new AppError(
          'INVALID_DOCUMENT',
          'Confira o CPF ou CNPJ: os números não formam um documento válido.',
          {
            errors: [{ field: 'document', message: 'documento inválido' }],
          },
        );
      }
      const pre = await preIdentified(preToken);
      if (pre && pre.document === c.value)
        return {
          tenantId: pre.tenantId,
          subject: subjectOf(pre.tenantId, pre.document),
          debtor: pre,
          linked: true,
          linkCreditorId: pre.linkCreditorId,
          document: c.value,
        };
      const tenant = await ensureTenant(ctx.database.db, ctx.config.portalTenant ?? 'default');
      return {
        tenantId: tenant.id,
        subject: subjectOf(tenant.id, c.value),
        debtor: await findDebtorByDocument(ctx, tenant.id, c.value),
        linked: false,
        linkCreditorId: null,
        document: c.value,
      };
    }
    const pre = await preIdentified(preToken);
    if (!pre) {
      throw new AppError('VALIDATION_FAILED', 'Informe o CPF ou o CNPJ.', {
        errors: [{ field: 'document', message: 'campo obrigatório' }],
      });
    }
    return {
      tenantId: pre.tenantId,
      subject: subjectOf(pre.tenantId, pre.document),
      debtor: pre,
      linked: true,
      linkCreditorId: pre.linkCreditorId,
      document: pre.document,
    };
  }

  /** The contacts a code may go to on the configured channels, each with the creditors it vouches for. */
  function heldContacts(usable: ContactsUsable, linkCreditorId: string | null): HeldContact[] {
    const held: HeldContact[] = [];
    // On a message link, a contact the link's creditor vouches for comes first: the route that creditor's
    // own message took. Otherwise another creditor that sent the person first with its own phone would
    // keep the real person from ever getting a code on the contact the link was sent to.
    const first = <T extends { creditorIds: string[] }>(list: T[]) =>
      (linkCreditorId ? list.find((c) => c.creditorIds.includes(linkCreditorId)) : undefined) ?? list[0];
    const phone = first(usable.phones);
    const at = (c: { value: string; creditorIds: string[] }) => ({
      address: c.value,
      creditorIds: c.creditorIds,
    });
    if (phone && adapters.sms) held.push({ channel: 'sms', ...at(phone) });
    if (phone && adapters.whatsapp) held.push({ channel: 'whatsapp', ...at(phone) });
    const email = first(usable.emails);
    if (email && adapters.email) held.push({ channel: 'email', ...at(email) });
    return held;
  }

  return {
    pending,
    /** Waits for code deliveries started so far (tests, graceful shutdown). */
    async flush() {
      await Promise.allSettled([...pending]);
    },

    /**
     * POST auth/start: the same answer, status and timing for every document. Known or not, the same
     * work is done (rate limits, lock check, a code generated, hashed and stored); only a known person
     * with a usable contact gets a message, sent after the answer's timing is fixed.
     */
    async start(
      input: { document?: string | undefined; channel?: CodeChannel | undefined },
      facts: RequestFacts,
    ) {
      const startedAt = performance.now();
      try {
        await limit(`start:ip:${facts.ip}`, limits.startPerIp);
        const who = await resolveSubject(input.document, facts.preToken);
        await limit(`start:doc:${who.subject}`, limits.startPerDocument);
        const at = ctx.clock.now();
        const state = await repo.identification(ctx.database.db, who.tenantId, who.subject);
        const locked = lockRemainingSeconds(
          state
            ? {
                failedAttempts: state.failed_attempts,
                lockedUntil: state.locked_until ? new Date(state.locked_until) : null,
              }
            : undefined,
          at,
        );
        const code = formatCode(randomInt(0, 1_000_000));
        const contact =
          who.debtor && locked === 0
            ? chooseCodeContact(
                heldContacts(
                  await portalContactsOf(ctx, who.debtor.tenantId, who.debtor.id),
                  who.linkCreditorId,
                ),
                input.channel,
              )
            : null;
        await repo.insertCode(ctx.database.db, {
          tenantId: who.tenantId,
          subject: who.subject,
          debtorId: who.debtor?.id ?? null,
          codeHash: codeHash(who.subject, code),
          channel: contact?.channel ?? null,
          contactValue: contact?.address ?? null,
          creditorIds: contact?.creditorIds ?? [],
          expiresAt: new Date(at.getTime() + CODE_TTL_SECONDS * 1000),
        });
        if (contact && who.debtor) {
          const debtor = who.debtor;
          const message = codeMessage(code, new URL(ctx.config.publicUrl).host);
          const delivery = sendRequestedMessage(
            ctx,
            { tenantId: debtor.tenantId, debtorId: debtor.id, actor: 'portal', uf: debtor.state },
            {
              channel: contact.channel,
              to: contact.address,
              subject: message.subject,
              text: message.text,
              whatsappTemplate: 'codigo_de_acesso',
              parameters: [code],
            },
            adapters,
          )
            .catch((error) => ctx.log.error('portal: código não enviado', { error: String(error) }))
            .finally(() => pending.delete(delivery));
          pending.add(delivery);
        }
        return {
          message: START_MESSAGE,
          expiresInSeconds: CODE_TTL_SECONDS,
          // Only on the link entry: the link already proved who it was sent to (portal-ux S2).
          ...(who.linked && contact ? { destination: describeContact(contact) } : {}),
        };
      } finally {
        await sleepUntil(startedAt, options.minStartMs);
      }
    },

    /**
     * POST auth/verify: the code (and the birth date when one is held) → a new session. Every failure,
     * unknown document included, counts towards the lock; the 5th locks the identification for 30 minutes.
     */
    async verify(
      input: { document?: string | undefined; birthDate?: string | undefined; code: string },
      facts: RequestFacts,
    ): Promise<{ session: PortalSession; cookie: string; debtor: PortalDebtor }> {
      const startedAt = performance.now();
      try {
        await limit(`verify:ip:${facts.ip}`, limits.verifyPerIp);
        const who = await resolveSubject(input.document, facts.preToken);
        const code = normalizeCode(input.code);
        const birthDate = input.birthDate !== undefined ? parseBirthDate(input.birthDate) : null;
        // Each creditor's own birth date: a code proves the person only to the creditors whose row it
        // matches (another creditor's birth date for the same CPF proves nothing to this one).
        const held = who.debtor ? (await portalContactsOf(ctx, who.tenantId, who.debtor.id)).birthDates : {};
        const db = ctx.database.db;
        const outcome = await db.transaction().execute(async (trx) => {
          await repo.lockIdentification(trx, who.tenantId, who.subject);
          const at = ctx.clock.now();
          const row = await repo.identification(trx, who.tenantId, who.subject);
          const state = row
            ? {
                failedAttempts: row.failed_attempts,
                lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
              }
            : undefined;
          const locked = lockRemainingSeconds(state, at);
          if (locked > 0) return { kind: 'locked' as const, retryAfterSeconds: locked };
          const codes = await repo.liveCodes(trx, who.tenantId, who.subject, at);
          // Every live code is compared (no early exit), in constant time.
          let match: (typeof codes)[number] | undefined;
          const given = codeHash(who.subject, code ?? 'xxxxxx');
          for (const c of codes) if (safeEqual(c.code_hash, given) && code !== null) match = match ?? c;
          const scope = match ? sessionScope(match.creditor_ids, held, birthDate) : [];
          if (
            match?.debtor_id &&
            who.debtor &&
            match.debtor_id === who.debtor.id &&
            scope.length > 0 &&
            (await repo.useCode(trx, match.id, at))
          ) {
            await repo.saveIdentification(
              trx,
              who.tenantId,
              who.subject,
              { failedAttempts: 0, lockedUntil: null },
              at,
            );
            return {
              kind: 'ok' as const,
              debtor: who.debtor,
              channel: match.channel,
              address: match.contact_value,
              scope,
            };
          }
          const next = afterFailure(state, at);
          await repo.saveIdentification(trx, who.tenantId, who.subject, next, at);
          if (next.lockedUntil)
            return { kind: 'locked' as const, retryAfterSeconds: lockRemainingSeconds(next, at) };
          return { kind: 'failed' as const };
        });
        if (outcome.kind === 'locked') {
          const until = new Date(ctx.clock.now().getTime() + outcome.retryAfterSeconds * 1000);
          throw new AppError(
            'RATE_LIMITED',
            'Por segurança, novas tentativas ficam liberadas daqui a pouco. Se preferir, fale com uma pessoa.',
            { retryAfterSeconds: outcome.retryAfterSeconds, lockedUntil: until.toISOString() },
          );
        }
        if (outcome.kind === 'failed') throw new AppError('UNAUTHENTICATED', UNAUTHORIZED_DETAIL);
        // The code reached the contact it was sent to: the person holds it — confirmed for the session's
        // creditors only (a confirmation in a B-scoped session does not open messages about A's debts).
        if (outcome.channel && outcome.address) {
          await confirmPortalContact(ctx, {
            tenantId: outcome.debtor.tenantId,
            debtorId: outcome.debtor.id,
            kind: outcome.channel === 'email' ? 'email' : 'phone',
            value: outcome.address,
            creditorIds: outcome.scope,
          }).catch((error) => ctx.log.error('portal: contato não confirmado', { error: String(error) }));
        }
        // A new session id on identification; whatever session the browser had is ended (no fixation).
        if (facts.sessionToken) await repo.revokeSession(db, hashId(facts.sessionToken), ctx.clock.now());
        const cookie = randomBytes(32).toString('base64url');
        const at = ctx.clock.now();
        const session: PortalSession = {
          tenantId: outcome.debtor.tenantId,
          debtorId: outcome.debtor.id,
          idHash: hashId(cookie),
          csrfToken: randomBytes(24).toString('base64url'),
          expiresAt: sessionExpiry({ createdAt: at, lastSeenAt: at }),
          creditorIds: outcome.scope,
        };
        await repo.insertSession(db, { ...session, at });
        return { session, cookie, debtor: outcome.debtor };
      } finally {
        await sleepUntil(startedAt, options.minVerifyMs);
      }
    },

    /** The session behind a cookie, sliding its idle expiry; null when none, ended or expired. */
    async resolve(cookie: string | undefined): Promise<PortalSession | null> {
      if (!cookie || cookie.length > 100) return null;
      const idHash = hashId(cookie);
      const row = await repo.findSession(ctx.database.db, idHash);
      if (!row) return null;
      const at = ctx.clock.now();
      const expires = sessionExpiry({
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
      });
      if (expires <= at) {
        await repo.revokeSession(ctx.database.db, idHash, at);
        return null;
      }
      const next = sessionExpiry({ createdAt: new Date(row.created_at), lastSeenAt: at });
      // Writes at most every 15 seconds per session (a polling page must not write on every call).
      if (at.getTime() - new Date(row.last_seen_at).getTime() > 15_000) {
        await repo.touchSession(ctx.database.db, idHash, at, next);
      }
      return {
        tenantId: row.tenant_id,
        debtorId: row.debtor_id,
        idHash,
        csrfToken: row.csrf_token,
        expiresAt: next,
        creditorIds: row.creditor_ids,
      };
    },

    checkCsrf(session: PortalSession, header: string | undefined) {
      if (!header || !safeEqual(header, session.csrfToken)) {
        throw new AppError(
          'CSRF_TOKEN_INVALID',
          'Por segurança, esta ação precisa do cabeçalho X-CSRF-Token da sua sessão. Recarregue a página e tente de novo.',
        );
      }
    },

    async logout(session: PortalSession) {
      await repo.revokeSession(ctx.database.db, session.idHash, ctx.clock.now());
    },

    /** GET /l/{token}: the link's purpose and signature checked → a short-lived pre-identification. */
    async linkEntry(token: string) {
      const result = verifySignedToken(token, ctx.config.linkSecrets, ctx.clock.now(), 'portal');
      if (!result.ok) return { ok: false as const, reason: result.reason };
      if (result.payload.purpose !== 'portal') return { ok: false as const, reason: 'bad_purpose' as const };
      const target = await debtorOfMessageLink(ctx, result.payload.ref);
      // Signed by us for the portal, but its message is not found: the portal opens as a typed entry.
      if (!target) return { ok: true as const, preToken: null };
      const pre = createSignedToken(
        {
          purpose: 'portal-pre',
          // The message, not the debtor: its creditor decides where the code goes (heldContacts).
          ref: result.payload.ref,
          exp: Math.floor(ctx.clock.now().getTime() / 1000) + PRE_IDENTIFICATION_SECONDS,
        },
        ctx.config.linkSecrets,
      );
      return { ok: true as const, preToken: pre };
    },

    /** GET auth/entry: what the page may show before identification (first name only, on a link). */
    async entry(preToken: string | undefined) {
      const pre = await preIdentified(preToken);
      if (!pre) {
        const tenant = await ensureTenant(ctx.database.db, ctx.config.portalTenant ?? 'default');
        return { linked: false as const, tenantId: tenant.id };
      }
      const usable = await portalContactsOf(ctx, pre.tenantId, pre.id);
      const held = heldContacts(usable, pre.linkCreditorId);
      const profile = await getAgencyProfile(ctx.database.db, pre.tenantId);
      // Asked when a creditor the code's contact vouches for supplied a birth date.
      const vouching = new Set(held.flatMap((c) => c.creditorIds ?? []));
      return {
        linked: true as const,
        tenantId: pre.tenantId,
        firstName: firstNameOf(pre.name),
        agencyName: profile.tradeName || profile.legalName,
        birthDateRequired: [...vouching].some((id) => !!usable.birthDates[id]),
        channels: held.map((c) => ({ channel: c.channel, destination: describeContact(c) })),
      };
    },

    /** The public verification-code check is rate-limited per IP (no enumeration of codes). */
    async limitVerifyCode(ip: string) {
      await limit(`verify-code:ip:${ip}`, limits.verifyCodePerIp);
    },

    sessionIdleSeconds: SESSION_IDLE_SECONDS,
  };
}

function firstNameOf(name: string) {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first.charAt(0).toLocaleUpperCase('pt-BR') + first.slice(1).toLocaleLowerCase('pt-BR');
}

export type PortalAuth = ReturnType<typeof createPortalAuth>;

/**
 * The daily purge (job `portal.purge`): one-time codes past their 10 minutes, sessions ended more than
 * 30 days ago (ENDED_SESSION_KEEP_DAYS), rate-limit counters of windows long gone. Idempotent: a second
 * run the same day deletes nothing more.
 */
export async function purgeExpiredPortalRecords(ctx: AppContext) {
  const cut = purgeCutoffs(ctx.clock.now());
  const db = ctx.database.db;
  return {
    codes: await repo.purgeCodes(db, cut.codesBefore),
    sessions: await repo.purgeSessions(db, cut.sessionsBefore),
    rateLimits: await repo.purgeRateLimits(db, cut.rateLimitsBefore),
  };
}
