import type { Role, User } from '../../../shared/index.js';

/** Who is making a request, and with what effective role. */
export interface Principal {
  user: User;
  /** For tokens: the lesser of the token's role and its owner's current role. */
  role: Role;
  via: 'session' | 'token';
  tokenId?: string;
  tokenName?: string;
}

/** How a principal is named in the audit log and in `createdBy` columns. */
export function actorLabel(p: Principal): string {
  return p.via === 'token' ? `token:${p.tokenName}@${p.user.username}` : `user:${p.user.username}`;
}
