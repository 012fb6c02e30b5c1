import { setCookie, deleteCookie, getCookie } from 'hono/cookie';
import { ChangePasswordInput, LoginInput, Me, Ok } from '../../../../shared/index.js';
import { SESSION_COOKIE } from '../../http/auth-middleware.js';
import { clientIp } from '../../http/client-ip.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['auth'];

const login = createRoute({
  method: 'post', path: '/auth/login', ...access('public', 'Sign in; sets the HttpOnly session cookie', tags),
  request: { body: jsonBody(LoginInput) },
  responses: { 200: jsonResponse(Me, 'Signed in'), 429: jsonResponse(errors[401].content['application/json'].schema, 'Too many failed attempts'), ...errors },
});
const logout = createRoute({
  method: 'post', path: '/auth/logout', ...access('authenticated', 'Sign out this browser session', tags),
  responses: { 200: jsonResponse(Ok, 'Signed out'), ...errors },
});
const me = createRoute({
  method: 'get', path: '/auth/me', ...access('authenticated', 'Who am I?', tags),
  responses: { 200: jsonResponse(Me, 'The signed-in user'), ...errors },
});
const password = createRoute({
  method: 'post', path: '/auth/password', ...access('authenticated', 'Change your password (signs out all your sessions)', tags),
  request: { body: jsonBody(ChangePasswordInput) },
  responses: { 200: jsonResponse(Ok, 'Changed'), ...errors },
});

export const authRouter = newRouter()
  .openapi(login, async (c) => {
    const { username, password } = c.req.valid('json');
    const { sessionSecret, user, expiresAt } = await c.var.services.auth.login(username, password, clientIp(c) ?? 'unknown');
    c.set('auditResourceId', user.id);
    setCookie(c, SESSION_COOKIE, sessionSecret, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: c.var.secureCookies,
      path: '/',
      expires: expiresAt,
    });
    return c.json({ user, via: 'session' as const }, 200);
  })
  .openapi(logout, async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await c.var.services.auth.logout(secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(me, async (c) => {
    const p = c.var.principal!;
    return c.json({ user: { ...p.user, role: p.role }, via: p.via }, 200);
  })
  .openapi(password, async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    await c.var.services.auth.changePassword(c.var.principal!.user.id, currentPassword, newPassword);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true as const }, 200);
  });
