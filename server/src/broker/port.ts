/**
 * The Broker port (DESIGN §2): transport and coordination, never the truth. Postgres holds
 * every task's state; the broker carries wake-ups, events and short-lived coordination state.
 *
 * Adapters: in-process (embedded default) and Redis via ioredis (REDIS_URL). Both pass one
 * conformance suite. Every key/stream/channel name given to a method is a logical name; the
 * adapter prepends its configured prefix (tests use a unique prefix each).
 *
 * Logical names used by Hive (from the seed design):
 *   task_queue:{agentType|any}   stream, consumer group "dispatch": "a task became ready"
 *   agent_messages:{agentId}     channel: deliveries for one agent (task offers, messages)
 *   agent_events:{agentId}       channel: what one agent is doing (logs, tool calls, progress)
 *   system_events                channel: committed domain events, fanned out to every hub
 *   task_updates                 channel: task progress for dashboards
 *   heartbeat:agent:{id}         key with TTL: the agent is alive
 *   heartbeat:target:{id}        key with TTL: some hub reached this runtime target (cluster)
 *   locks:{name}                 distributed locks
 *   rate_limit:{agentId}         per-agent rate limits
 */

export interface StreamEntry {
  /** The entry id assigned by the stream (Redis: "1700000000000-0"). */
  id: string;
  fields: Record<string, string>;
  /** How many times this entry has been delivered (1 on first delivery). */
  deliveries: number;
}

export interface ReadOptions {
  /** At most this many entries (at least 1). */
  count: number;
  /** Wait up to this long for new entries when none are waiting (0 = do not wait). */
  blockMs: number;
}

export interface Lock {
  readonly name: string;
  /** Release if still held by us; false when it had expired or been taken over. */
  release(): Promise<boolean>;
  /** Extend the TTL if still held by us. */
  extend(ttlMs: number): Promise<boolean>;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** When not allowed: milliseconds until the window frees a slot. */
  retryAfterMs: number;
}

export type Unsubscribe = () => Promise<void>;

export interface Broker {
  readonly name: 'memory' | 'redis';

  // ---- Streams with consumer groups (dispatch) ----
  /** Append an entry; creates the stream if needed. Returns the entry id. */
  enqueue(stream: string, fields: Record<string, string>): Promise<string>;
  /**
   * Create the consumer group if missing (idempotent), starting at the beginning of the stream.
   * Should Redis lose it (restart without persistence, failover to an empty replica), the Redis
   * adapter creates the groups it ensured again when a read or claim meets NOGROUP.
   */
  ensureGroup(stream: string, group: string): Promise<void>;
  /**
   * Read new entries for `consumer` in `group` (XREADGROUP ... >). Entries stay pending until acked.
   * Rejects with NOGROUP when the group was never created. A blocked read ends empty when its
   * blockMs passes or the broker closes; a read started after close() rejects, so a loop that
   * missed the close ends instead of spinning. On Redis, a blocking read rides out a lost
   * connection within its blockMs (retrying, then ending empty) instead of rejecting.
   */
  read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]>;
  /** Acknowledge entries (XACK); returns how many were pending. */
  ack(stream: string, group: string, ids: string[]): Promise<number>;
  /**
   * Take over entries pending at least minIdleMs from any consumer (XAUTOCLAIM), oldest first.
   * Each claimed entry's `deliveries` counts this claim, and its idle time starts again. Entries
   * trimmed from the stream while pending are dropped from the group, not returned.
   */
  claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]>;
  /**
   * Entries not yet acknowledged by the group plus entries not yet delivered to it. A group not
   * created yet has the whole stream waiting; a stream that does not exist has 0.
   */
  backlog(stream: string, group: string): Promise<number>;

  // ---- Pub/sub (domain events, deliveries) ----
  publish(channel: string, message: string): Promise<void>;
  /**
   * Messages published after the returned promise resolves are delivered to `handler`, always
   * asynchronously (never inside publish), in publish order. Once the Unsubscribe is called the
   * handler gets nothing more, not even a message already on its way. Subscribing the same
   * function twice delivers twice; each Unsubscribe removes its own. A handler that throws is
   * reported (the adapter's onError) and does not affect the others.
   */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;

  // ---- Keys with TTL (heartbeats) ----
  setWithTtl(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;

  // ---- Distributed locks ----
  /** Acquire `locks:{name}` for ttlMs, or null when someone else holds it. Never blocks. */
  tryLock(name: string, ttlMs: number): Promise<Lock | null>;

  // ---- Rate limits (sliding window) ----
  /**
   * Count one hit against `rate_limit:{key}`; allowed while hits in the last windowMs ≤ limit.
   * Only allowed hits are recorded, so a caller that keeps retrying is not locked out longer.
   */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;

  /** Liveness: round-trip time in ms; throws when unreachable. */
  ping(): Promise<number>;
  /**
   * Close connections and stop timers. Safe to call twice. Blocked reads end empty; every
   * method of the broker or of its locks called afterwards rejects with BrokerClosedError
   * (an Unsubscribe is then a no-op).
   */
  close(): Promise<void>;
}
