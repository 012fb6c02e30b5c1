import { roleAtLeast, type ApiToken, type Role, type User } from '../../../shared/index.js';
import { actorLabel, type Principal } from '../auth/principal.js';
import { hashPassword, newSecret, sha256 } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Users (admin only) and API tokens (each user their own; admins any). */
export class AccessService {
  constructor(
    private readonly store: Store,
    /** Called after a token is revoked or a user changes, so cached principals are dropped. */
    private readonly onCredentialsChanged: () => void = () => {},
  ) {}

  listUsers(): Promise<User[]> {
    return this.store.users.list();
  }

  async createUser(by: Principal, input: { username: string; password: string; role: Role }): Promise<User> {
    if (await this.store.users.findByUsername(input.username)) {
      throw new AppError('CONFLICT', `username ${input.username} is taken`, { issues: [{ path: 'username', message: 'is taken' }] });
    }
    const passwordHash = await hashPassword(input.password);
    return this.store.transaction(async (tx) => {
      const user = await tx.users.insert({ id: crypto.randomUUID(), username: input.username, passwordHash, role: input.role });
      await tx.events.append({ type: 'user.changed', subject: `user:${user.id}`, actor: actorLabel(by), payload: user });
      return user;
    });
  }

  async updateUser(by: Principal, id: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<User> {
    const existing = await this.store.users.get(id);
    if (!existing) throw AppError.notFound('user', id);
    const losesAdmin = existing.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin && (await this.store.users.countActiveAdmins()) <= 1) {
      throw new AppError('CONFLICT', 'Hive needs at least one active admin; promote another user first');
    }
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    return this.store.transaction(async (tx) => {
      const user = await tx.users.update(id, {
        ...(patch.role && { role: patch.role }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled }),
        ...(passwordHash && { passwordHash }),
      });
      // A role change, a disable or a new password ends the user's browser sessions.
      await tx.userSessions.deleteForUser(id);
      await tx.events.append({ type: 'user.changed', subject: `user:${id}`, actor: actorLabel(by), payload: user! });
      return user!;
    }).finally(() => this.onCredentialsChanged());
  }

  listTokens(by: Principal): Promise<ApiToken[]> {
    return this.store.apiTokens.listForUser(by.user.id);
  }

  async createToken(by: Principal, input: { name: string; role?: Role; expiresInDays?: number }): Promise<ApiToken & { token: string }> {
    const role = input.role ?? by.role;
    if (!roleAtLeast(by.role, role)) throw AppError.field('role', `cannot exceed your own role (${by.role})`);
    const token = newSecret('hive_pat');
    const created = await this.store.apiTokens.insert({
      id: crypto.randomUUID(),
      userId: by.user.id,
      name: input.name,
      prefix: token.slice(0, 13),
      tokenHash: sha256(token),
      role,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    return { ...created, token };
  }

  async revokeToken(by: Principal, id: string): Promise<ApiToken> {
    const token = await this.store.apiTokens.get(id);
    if (!token || (token.userId !== by.user.id && by.role !== 'admin')) throw AppError.notFound('token', id);
    const revoked = await this.store.apiTokens.revoke(id);
    this.onCredentialsChanged();
    if (!revoked) throw new AppError('CONFLICT', `token ${id} is already revoked`);
    return revoked;
  }
}
