import type { DomainEvent, ProgressItem, UiSubscribeResult } from '../api/types.js';
import { SocketRequestError, type UiRoom } from '../api/socket.js';

/**
 * What a live resource (a collection, a value, a progress stream) may ask of the
 * LiveSession that owns it: to hold rooms open while it lives, and to (re)subscribe to
 * them with a resume point.
 */
export interface LiveHost {
  /** The socket is connected now; subscriptions can be sent. */
  readonly connected: boolean;
  /** Counts this resource as a member of the rooms (no message is sent). */
  retainRooms(rooms: readonly UiRoom[]): void;
  /** The reverse of retainRooms; rooms nobody holds any more are left. */
  releaseRooms(rooms: readonly UiRoom[]): void;
  /**
   * `ui:subscribe`: joins the rooms; the hub first replays the events after `afterSeq` in
   * them (delivered to every resource through `handleEvents`), then answers.
   */
  subscribe(rooms: readonly UiRoom[], afterSeq?: number): Promise<UiSubscribeResult>;
}

/** How often a subscription the hub did not acknowledge is tried again while connected. */
export const SUBSCRIBE_RETRY_MS = 5000;

/** A refused subscription is not sent again as it was (a bad room, no permission); a lost one is. */
export function worthRetrying(error: unknown): boolean {
  return !(error instanceof SocketRequestError && ['VALIDATION_FAILED', 'FORBIDDEN', 'UNAUTHORIZED'].includes(error.code));
}

/**
 * Base of everything the LiveSession shares between elements: a value that changes over
 * time, with listeners. Changes are announced once per microtask, so a batch of events
 * re-renders each consumer once.
 */
export abstract class LiveResource {
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;

  constructor(protected readonly host: LiveHost) {}

  /** Calls `listener` after every change; returns the unsubscribe function. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first consumer arrived: load and subscribe. */
  abstract start(): void;
  /** The grace period after the last consumer left is over: unsubscribe, forget. */
  abstract stop(): void;
  /** The socket (re)connected: subscribe again, resuming where the resource left off. */
  abstract resume(): void;
  /** The socket dropped: subscriptions are gone until `resume`. */
  disconnected(): void {}
  /** A `ui:events` batch arrived (for any room of the socket: filter by content). */
  handleEvents(_events: readonly DomainEvent[]): void {}
  /** A `ui:progress` batch arrived (for any room of the socket: filter by content). */
  handleProgress(_items: readonly ProgressItem[]): void {}

  protected notify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}

/**
 * How an element asks for a shared resource: a key naming exactly what it holds (two
 * elements with the same key share one instance) and how to build it.
 */
export interface LiveSpec<R extends LiveResource> {
  readonly key: string;
  create(host: LiveHost): R;
}

/** The load state every live resource reports; replaced (never mutated) on each change. */
export type LoadStatus = 'loading' | 'ready' | 'error';
