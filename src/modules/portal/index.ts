import type { AppContext } from '../../platform/context.ts';
import { adaptersFor } from '../contact/index.ts';
import { createPortalAuth, type PortalAuth, type PortalAuthOptions } from './auth.service.ts';
import { portalAuthenticator, portalRoutes } from './portal.routes.ts';

export type { PortalAuth, PortalSession } from './auth.service.ts';
export { purgeExpiredPortalRecords } from './auth.service.ts';
export { portalPurgeJob } from './portal.jobs.ts';
export { PRESCRIBED_NOTE } from './portal.service.ts';

/**
 * The debtor portal's back end: its authenticator (the kernel's `auth: 'portal'`) and its routes, sharing
 * one identification service. `Secure` cookies in production or behind an https public URL.
 */
export interface PortalOptions {
  minStartMs?: number;
  minVerifyMs?: number;
  rateLimits?: PortalAuthOptions['rateLimits'];
}

export function createPortal(ctx: AppContext, options: PortalOptions = {}) {
  const secureCookies = process.env.NODE_ENV === 'production' || ctx.config.publicUrl.startsWith('https:');
  const auth: PortalAuth = createPortalAuth(ctx, adaptersFor(ctx.config.messaging), {
    minStartMs: options.minStartMs ?? 400,
    minVerifyMs: options.minVerifyMs ?? 250,
    secureCookies,
    rateLimits: options.rateLimits,
  });
  return {
    auth,
    authenticate: portalAuthenticator(auth),
    routes: portalRoutes(ctx, auth, { secureCookies }),
  };
}
