import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { roleAtLeast, type Role } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

export const SESSION_COOKIE = 'hive_session';

/** Who may call a route: anyone, any signed-in principal, or at least this role. */
export type Access = 'public' | 'authenticated' | Role;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolve the principal from `Authorization: Bearer` or the session cookie. Does not refuse
 * anything by itself; `requireAccess` on each route does.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { auth } = c.var.services;
  const header = c.req.header('authorization');
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new AppError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
    }
    const principal = await auth.principalFromToken(token);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'The API token is unknown, revoked or expired');
    c.set('principal', principal);
  } else {
    const secret = getCookie(c, SESSION_COOKIE);
    const principal = secret ? await auth.principalFromSession(secret) : null;
    if (principal && UNSAFE.has(c.req.method)) assertSameOrigin(c.req.header('origin'), c.req.url);
    c.set('principal', principal ?? undefined);
  }
  await next();
};

/**
 * Cookies ride along on cross-site requests; a browser always sends Origin on those, so a
 * cookie-authenticated write from another origin is refused (CSRF).
 */
function assertSameOrigin(origin: string | undefined, url: string): void {
  if (!origin) return;
  if (origin !== new URL(url).origin) throw new AppError('FORBIDDEN', `Cross-origin request from ${origin} refused`);
}

export function requireAccess(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const principal = c.var.principal;
      if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
      if (access !== 'authenticated' && !roleAtLeast(principal.role, access)) {
        throw new AppError('FORBIDDEN', `This needs the ${access} role; you are ${principal.role}`, {
          required: access,
          role: principal.role,
        });
      }
    }
    await next();
  };
}
