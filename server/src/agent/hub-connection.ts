import { io, type Socket } from 'socket.io-client';
import type { HubRequestResult } from '../../../shared/index.js';

const REQUEST_TIMEOUT_MS = 15_000;

export class HubRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The worker's Socket.IO link to the hub's `/agents` namespace; reconnects forever. With more
 * than one hub URL (several hub replicas), every failed connection attempt moves on to the next
 * URL, so the worker of a hub that died carries on through another replica.
 */
export class HubConnection {
  readonly socket: Socket;
  private next = 0;

  constructor(hubUrls: string | readonly string[], agentId: string, token: string) {
    const urls = typeof hubUrls === 'string' ? [hubUrls] : [...new Set(hubUrls)];
    this.socket = io(`${urls[0]}/agents`, {
      auth: { agentId, token },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
    });
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
    this.socket.disconnect();
  }
}
