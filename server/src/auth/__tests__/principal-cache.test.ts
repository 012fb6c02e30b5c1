import { describe, expect, it } from 'vitest';
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
    cache.clear();
    expect(cache.get('b', 1)).toBeNull();
  });

  it('keeps nothing with a zero ttl', () => {
    const cache = new PrincipalCache(0);
    cache.set('a', principal('a'), null, 0);
    expect(cache.get('a', 0)).toBeNull();
  });
});
