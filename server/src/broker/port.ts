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
  /** At most this many entries. */
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
  /** Create the consumer group if missing (idempotent), starting at the beginning of the stream. */
  ensureGroup(stream: string, group: string): Promise<void>;
  /** Read new entries for `consumer` in `group` (XREADGROUP ... >). Entries stay pending until acked. */
  read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]>;
  /** Acknowledge entries (XACK); returns how many were pending. */
  ack(stream: string, group: string, ids: string[]): Promise<number>;
  /** Take over entries pending longer than minIdleMs from any consumer (XAUTOCLAIM). */
  claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]>;
  /** Entries not yet acknowledged by the group plus entries not yet delivered to it. */
  backlog(stream: string, group: string): Promise<number>;

  // ---- Pub/sub (domain events, deliveries) ----
  publish(channel: string, message: string): Promise<void>;
  /** Messages published after the returned promise resolves are delivered to `handler`. */
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;

  // ---- Keys with TTL (heartbeats) ----
  setWithTtl(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;

  // ---- Distributed locks ----
  /** Acquire `locks:{name}` for ttlMs, or null when someone else holds it. Never blocks. */
  tryLock(name: string, ttlMs: number): Promise<Lock | null>;

  // ---- Rate limits (sliding window) ----
  /** Count one hit against `rate_limit:{key}`; allowed while hits in the last windowMs ≤ limit. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;

  /** Liveness: round-trip time in ms; throws when unreachable. */
  ping(): Promise<number>;
  /** Close connections and stop timers. Safe to call twice. */
  close(): Promise<void>;
}
