/**
 * Bearer token → Principal for a few seconds, so a script polling the API does not pay a
 * token + user lookup in the database on every request (a third of the queries of a read).
 * Only successful lookups are kept (an unknown token is looked up each time and fills
 * nothing). Staleness is bounded: this hub forgets everything the moment a token is revoked or
 * a user changes (AccessService tells it); another hub honours such a change within `ttlMs`.
 */
import type { Principal } from './principal.js';

interface Entry {
  principal: Principal;
  until: number;
}

export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private clears = 0;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now = Date.now()): Principal | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.until <= now) {
      this.entries.delete(key);
      return null;
    }
    return entry.principal;
  }

  /** Kept for ttlMs, never past `expiresAt` (the token's own expiry). */
  set(key: string, principal: Principal, expiresAt: Date | null, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Oldest first out: Map keeps insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const until = Math.min(now + this.ttlMs, expiresAt ? expiresAt.getTime() : Number.POSITIVE_INFINITY);
    this.entries.delete(key);
    this.entries.set(key, { principal, until });
  }

  clear(): void {
    this.entries.clear();
    this.clears++;
  }

  /**
   * Changes on every clear(). Read it before a lookup and store the result only if it is
   * unchanged: a lookup that was in flight while a token was revoked may have read the old
   * row, and must not put the revoked principal back.
   */
  get generation(): number {
    return this.clears;
  }

  get size(): number {
    return this.entries.size;
  }
}
