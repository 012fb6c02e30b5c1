import { describe, expect, it, vi } from 'vitest';
import { AuthService } from '../../services/auth-service.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../principal.js';
import { PrincipalCache } from '../principal-cache.js';

const principal = (name: string): Principal => ({
  user: { id: name, username: name, role: 'viewer', disabled: false, createdAt: new Date(0).toISOString() } as Principal['user'],
  role: 'viewer',
  via: 'token',
  tokenId: name,
  tokenName: name,
});

describe('PrincipalCache', () => {
  it('answers for ttlMs, then forgets', () => {
    const cache = new PrincipalCache(1000);
    cache.set('a', principal('a'), null, 0);
    expect(cache.get('a', 999)?.tokenId).toBe('a');
    expect(cache.get('a', 1000)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('never outlives the token’s own expiry', () => {
    const cache = new PrincipalCache(5000);
    cache.set('a', principal('a'), new Date(200), 0);
    expect(cache.get('a', 199)).not.toBeNull();
    expect(cache.get('a', 200)).toBeNull();
  });

  it('drops the oldest entry when full, and everything on clear', () => {
    const cache = new PrincipalCache(5000, 2);
    cache.set('a', principal('a'), null, 0);
    cache.set('b', principal('b'), null, 0);
    cache.set('c', principal('c'), null, 0);
    expect(cache.get('a', 1)).toBeNull();
    expect(cache.get('c', 1)?.tokenId).toBe('c');
    const before = cache.generation;
    cache.clear();
    expect(cache.get('b', 1)).toBeNull();
    expect(cache.generation).not.toBe(before);
  });

  it('keeps nothing with a zero ttl', () => {
    const cache = new PrincipalCache(0);
    cache.set('a', principal('a'), null, 0);
    expect(cache.get('a', 0)).toBeNull();
  });
});

describe('AuthService token lookups and revocation', () => {
  it('does not keep a principal whose lookup was in flight while principals were forgotten', async () => {
    const userRow = { id: 'u1', username: 'u1', role: 'admin', disabled: false, createdAt: new Date(0) };
    const tokenRow = { id: 't1', name: 't1', role: 'admin', expiresAt: null };
    let revoked = false;
    let release: () => void = () => undefined;
    let lookups = 0;
    const store = {
      apiTokens: {
        findActive: async () => {
          lookups++;
          // The first lookup read the row before the revocation and answers after it.
          const row = revoked ? null : { token: tokenRow, user: userRow };
          if (lookups === 1) await new Promise<void>((resolve) => (release = resolve));
          return row;
        },
        touch: async () => undefined,
      },
    } as unknown as Store;
    const auth = new AuthService(store, { sessionTtlHours: 1, loginMaxAttempts: 5, loginWindowSeconds: 60 });

    const inFlight = auth.principalFromToken('hive_tok_secret');
    await vi.waitFor(() => expect(lookups).toBe(1));
    revoked = true;
    auth.forgetPrincipals();
    release();
    expect((await inFlight)?.tokenId).toBe('t1'); // answered from what it read before
    // The next request looks the token up afresh and is refused.
    expect(await auth.principalFromToken('hive_tok_secret')).toBeNull();
    expect(lookups).toBe(2);
  });
});
