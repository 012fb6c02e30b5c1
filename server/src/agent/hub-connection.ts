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

/** The worker's Socket.IO link to the hub's `/agents` namespace; reconnects forever. */
export class HubConnection {
  readonly socket: Socket;

  constructor(hubUrl: string, agentId: string, token: string) {
    this.socket = io(`${hubUrl}/agents`, {
      auth: { agentId, token },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
    });
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
