import { ROLES, type Role, type User } from '../../../shared/index.js';
import { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { PrincipalCache } from '../auth/principal-cache.js';
import type { Principal } from '../auth/principal.js';
import { generatePassword, hashPassword, newSecret, sha256, verifyPassword } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import { toUser } from '../store/repos/auth.js';
import type { Store } from '../store/store.js';

export interface AuthConfig {
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
}

// Verifying against a real hash when the user does not exist keeps the timing the same,
// so response time does not reveal which usernames exist.
const DUMMY_HASH = hashPassword('not-a-real-password');

function lesserRole(a: Role, b: Role): Role {
  return ROLES[Math.min(ROLES.indexOf(a), ROLES.indexOf(b))]!;
}

/** Logins, browser sessions and bearer tokens: everything that turns a request into a Principal. */
export class AuthService {
  private readonly perUser: LoginRateLimiter;
  // Many people may share one address (an office NAT, a proxy), so it gets more room.
  private readonly perAddress: LoginRateLimiter;
  private readonly lastTouched = new Map<string, number>();
  private readonly tokenPrincipals = new PrincipalCache();

  constructor(
    private readonly store: Store,
    private readonly config: AuthConfig,
  ) {
    this.perUser = new LoginRateLimiter(config.loginMaxAttempts, config.loginWindowSeconds * 1000);
    this.perAddress = new LoginRateLimiter(config.loginMaxAttempts * 5, config.loginWindowSeconds * 1000);
  }

  /**
   * On first start (no users at all) create `admin`. Returns the generated one-time password
   * so the caller can print it, or null when a password was given or users already exist.
   */
  async ensureAdmin(password?: string): Promise<string | null> {
    if ((await this.store.users.count()) > 0) return null;
    const generated = password ? null : generatePassword();
    await this.store.transaction(async (tx) => {
      await tx.users.insert({
        id: crypto.randomUUID(),
        username: 'admin',
        passwordHash: await hashPassword(password ?? generated!),
        role: 'admin',
      });
      await tx.audit.append({ actor: 'system', action: 'user.bootstrap', resource: 'users', resourceId: 'admin', details: {} });
    });
    return generated;
  }

  /** Check credentials and open a browser session; returns the cookie secret and the user. */
  async login(username: string, password: string, ip: string): Promise<{ sessionSecret: string; user: User; expiresAt: Date }> {
    const userKey = [username.toLowerCase()];
    const ipKey = [ip];
    const wait = Math.max(this.perUser.retryAfter(userKey), this.perAddress.retryAfter(ipKey));
    if (wait > 0) {
      throw new AppError('RATE_LIMITED', `Too many failed logins; try again in ${wait} s`, { retryAfterSeconds: wait }, {
        'Retry-After': String(wait),
      });
    }
    const found = await this.store.users.findByUsername(username);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await DUMMY_HASH));
    if (!found || !ok || found.disabled) {
      this.perUser.recordFailure(userKey);
      this.perAddress.recordFailure(ipKey);
      throw new AppError('UNAUTHENTICATED', 'Wrong username or password');
    }
    this.perUser.reset(userKey);
    const sessionSecret = newSecret('hive_s');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await this.store.userSessions.insert(sha256(sessionSecret), found.id, expiresAt);
    const { passwordHash: _secret, ...user } = found;
    return { sessionSecret, user, expiresAt };
  }

  async logout(sessionSecret: string): Promise<void> {
    await this.store.userSessions.delete(sha256(sessionSecret));
  }

  async principalFromSession(sessionSecret: string): Promise<Principal | null> {
    const row = await this.store.userSessions.findUser(sha256(sessionSecret));
    if (!row || row.disabled) return null;
    const user = toUser(row);
    return { user, role: user.role, via: 'session' };
  }

  async principalFromToken(bearer: string): Promise<Principal | null> {
    const hash = sha256(bearer);
    const cached = this.tokenPrincipals.get(hash);
    if (cached) {
      this.touchToken(cached.tokenId!);
      return cached;
    }
    const generation = this.tokenPrincipals.generation;
    const found = await this.store.apiTokens.findActive(hash);
    if (!found || found.user.disabled) return null;
    const user = toUser(found.user);
    this.touchToken(found.token.id);
    const principal: Principal = {
      user,
      role: lesserRole(found.token.role as Role, user.role),
      via: 'token',
      tokenId: found.token.id,
      tokenName: found.token.name,
    };
    // Revoked or changed while we looked: this answer may be stale, so it is not kept.
    if (this.tokenPrincipals.generation === generation) this.tokenPrincipals.set(hash, principal, found.token.expiresAt);
    return principal;
  }

  /** A token was revoked or a user changed: look every token up afresh (see PrincipalCache). */
  forgetPrincipals(): void {
    this.tokenPrincipals.clear();
  }

  /**
   * Stamp "last used" at most once a minute per token: a write on every request would
   * double the cost of token-authenticated reads. Best effort: a failed stamp fails nothing.
   */
  private touchToken(id: string): void {
    const now = Date.now();
    if ((this.lastTouched.get(id) ?? 0) > now - 60_000) return;
    this.lastTouched.set(id, now);
    void this.store.apiTokens.touch(id).catch(() => {});
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.store.users.getWithSecret(userId);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw AppError.field('currentPassword', 'is not your current password');
    }
    const passwordHash = await hashPassword(newPassword);
    await this.store.transaction(async (tx) => {
      await tx.users.update(userId, { passwordHash });
      await tx.userSessions.deleteForUser(userId);
    });
  }
}
