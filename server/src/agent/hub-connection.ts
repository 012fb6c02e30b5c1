import { io, type Socket } from 'socket.io-client';
import type { HubRequestResult } from '../../../shared/index.js';

const REQUEST_TIMEOUT_MS = 15_000;
/** Longest pause between attempts after the hub refused a connection. */
const MAX_RETRY_MS = 15_000;

export class HubRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The hub answered and said no for good (not found, forbidden, conflict…): sending the same
 * again cannot help. A timeout, a lost connection or the hub's INTERNAL/RATE_LIMITED can.
 */
export function isFinalRefusal(err: unknown): boolean {
  return err instanceof HubRequestError && err.code !== 'INTERNAL' && err.code !== 'RATE_LIMITED';
}

/**
 * The worker's Socket.IO link to the hub's `/agents` namespace; reconnects forever. With more
 * than one hub URL (several hub replicas), every failed connection attempt moves on to the next
 * URL, so the worker of a hub that died carries on through another replica.
 */
export class HubConnection {
  readonly socket: Socket;
  private next = 0;
  private closed = false;

  constructor(hubUrls: string | readonly string[], agentId: string, token: string) {
    const urls = typeof hubUrls === 'string' ? [hubUrls] : [...new Set(hubUrls)];
    this.socket = io(`${urls[0]}/agents`, {
      auth: { agentId, token },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
    });
    this.keepTrying();
    if (urls.length > 1) {
      // The manager builds each new transport from its uri (only host and port matter; the
      // namespace travels separately), so rotating it redirects the next attempt.
      const manager = this.socket.io as unknown as { uri: string };
      this.socket.on('connect_error', () => {
        this.next = (this.next + 1) % urls.length;
        manager.uri = urls[this.next]!;
      });
    }
  }

  /**
   * Socket.IO stops reconnecting by itself when the hub refused the handshake — its middleware
   * failed, e.g. the database was restarting while it checked the token — or disconnected us
   * on purpose (a hub shutting down for a restart). A worker left like that never works again
   * (its finished result is never delivered), so try again, pausing longer each time.
   */
  private keepTrying(): void {
    let refusals = 0;
    const again = (ms: number) =>
      setTimeout(() => {
        if (!this.closed && !this.socket.connected && !this.socket.active) this.socket.connect();
      }, ms).unref();
    this.socket.on('connect', () => (refusals = 0));
    this.socket.on('connect_error', () => {
      if (!this.socket.active) again(Math.min(1000 * 2 ** refusals++, MAX_RETRY_MS));
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') again(1000);
    });
  }

  /** The hub this worker is connected to (or will try next). */
  get hubUrl(): string {
    return (this.socket.io as unknown as { uri: string }).uri;
  }

  /** Fire and forget (progress, heartbeats); buffered by Socket.IO while disconnected. */
  emit(event: string, payload: unknown): void {
    this.socket.emit(event, payload);
  }

  /** Ask the hub for something and wait for its answer; throws HubRequestError when refused. */
  async request<T>(event: string, payload: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    const reply = (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as HubRequestResult<T>;
    if (!reply.ok) throw new HubRequestError(reply.error.code, reply.error.message);
    return reply.data;
  }

  close(): void {
    this.closed = true;
    this.socket.disconnect();
  }
}
