/**
 * Fixed-window limit on failed logins per key (a username, a client address), so neither
 * one account nor one address can be brute-forced. In-memory: each hub process counts its own.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the caller may try again, or 0 when it may try now. */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry) continue;
      if (entry.resetAt <= t) this.failures.delete(key);
      else if (entry.count >= this.maxAttempts) wait = Math.max(wait, Math.ceil((entry.resetAt - t) / 1000));
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || entry.resetAt <= t) this.failures.set(key, { count: 1, resetAt: t + this.windowMs });
      else entry.count++;
    }
    if (this.failures.size > 10_000) this.evictExpired(t);
  }

  reset(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private evictExpired(t: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= t) this.failures.delete(key);
  }
}
