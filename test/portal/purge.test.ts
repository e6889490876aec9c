import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredPortalRecords } from '../../src/modules/portal/index.ts';
import { isoDateInSaoPaulo } from '../../src/platform/clock.ts';
import { Browser, JOAO, MARIA, type PortalWorld, startPortalWorld } from './support.ts';

/**
 * The portal's daily purge (job `portal.purge`): one-time codes are deleted once their 10 minutes are
 * over, sessions 30 days after they ended; what is still alive is never touched, and a second run
 * deletes nothing more.
 */
let w: PortalWorld;
let now = new Date('2026-11-23T14:00:00Z');
const clock = { now: () => new Date(now), today: () => isoDateInSaoPaulo(now) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MIN = 60_000;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await startPortalWorld({ clock, generousLimits: true });
});
afterAll(async () => w?.close());

const count = async (table: 'portal_codes' | 'portal_sessions') =>
  Number(
    (
      await w.t.rt.ctx.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('portal.purge', () => {
  it('deletes expired codes and long-ended sessions, never live ones; idempotent', async () => {
    const maria = new Browser(w, '203.0.113.60');
    await maria.identify(MARIA); // one used code, one session
    const joao = new Browser(w, '203.0.113.61');
    await joao.call('POST', '/api/portal/v1/auth/start', { document: JOAO.document }); // one unused code
    await w.t.rt.portalFlush?.();
    expect(await count('portal_codes')).toBe(2);
    expect(await count('portal_sessions')).toBe(1);

    // Still within the codes' 10 minutes: nothing goes.
    expect(await purgeExpiredPortalRecords(w.t.rt.ctx)).toMatchObject({ codes: 0, sessions: 0 });
    expect((await maria.call('GET', '/api/portal/v1/session')).statusCode).toBe(200);

    // 11 minutes later both codes are dead: purged; the session (idle 20 min) is alive and kept.
    advance(11 * MIN);
    expect(await purgeExpiredPortalRecords(w.t.rt.ctx)).toMatchObject({ codes: 2, sessions: 0 });
    expect(await count('portal_codes')).toBe(0);
    expect((await maria.call('GET', '/api/portal/v1/session')).statusCode).toBe(200);

    // Ended (idle), but within 30 days: kept — the person still sees it in "Meus dados".
    advance(29 * DAY);
    expect(await purgeExpiredPortalRecords(w.t.rt.ctx)).toMatchObject({ sessions: 0 });
    expect(await count('portal_sessions')).toBe(1);

    // More than 30 days after it ended: purged. A second run deletes nothing more.
    advance(2 * DAY);
    expect(await purgeExpiredPortalRecords(w.t.rt.ctx)).toMatchObject({ codes: 0, sessions: 1 });
    expect(await count('portal_sessions')).toBe(0);
    expect(await purgeExpiredPortalRecords(w.t.rt.ctx)).toEqual({ codes: 0, sessions: 0, rateLimits: 0 });
  });
});
