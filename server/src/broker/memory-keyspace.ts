/**
 * The in-process key space: string keys (heartbeats, lock tokens) and rate-limit windows share
 * one namespace with per-key TTLs, as they share Redis's, so `get('locks:x')` shows the lock's
 * token and `delete` clears whatever lives under a key on both adapters.
 */
import { wrongTypeError } from './errors.js';

export type KeyValue = { kind: 'string'; value: string } | { kind: 'window'; hits: number[] };

interface KeyRecord {
  value: KeyValue;
  expiresAt: number;
  timer: NodeJS.Timeout | undefined;
}

export class MemoryKeyspace {
  private readonly records = new Map<string, KeyRecord>();

  /** The live value, or undefined. Expired keys are dropped on access as well as by their timer. */
  read(key: string): KeyValue | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    if (record.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return record.value;
  }

  readString(key: string): string | null {
    const value = this.read(key);
    if (!value) return null;
    if (value.kind !== 'string') throw wrongTypeError();
    return value.value;
  }

  write(key: string, value: KeyValue, ttlMs: number): void {
    this.delete(key);
    const record: KeyRecord = { value, expiresAt: Date.now() + ttlMs, timer: undefined };
    this.scheduleExpiry(key, record, ttlMs);
    this.records.set(key, record);
  }

  /** SET NX: write only when the key is absent (or expired). */
  writeIfAbsent(key: string, value: KeyValue, ttlMs: number): boolean {
    if (this.read(key)) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  /** PEXPIRE: give a live key a new TTL. */
  expire(key: string, ttlMs: number): boolean {
    const value = this.read(key);
    if (!value) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  delete(key: string): boolean {
    const record = this.records.get(key);
    if (!record) return false;
    clearTimeout(record.timer);
    this.records.delete(key);
    return true;
  }

  clear(): void {
    for (const record of this.records.values()) clearTimeout(record.timer);
    this.records.clear();
  }

  private scheduleExpiry(key: string, record: KeyRecord, delayMs: number): void {
    record.timer = setTimeout(() => {
      if (this.records.get(key) !== record) return;
      // Timers may fire a millisecond early by the wall clock; never drop a key before its time.
      const remaining = record.expiresAt - Date.now();
      if (remaining > 0) this.scheduleExpiry(key, record, remaining);
      else this.records.delete(key);
    }, delayMs);
    // The timer only frees memory (reads check expiresAt themselves), so it must not keep the
    // process alive.
    record.timer.unref();
  }
}
