import { type Socket, io } from 'socket.io-client';
import type { DomainEvent, ProgressItem, UiSubscribe, UiSubscribeResult } from './types.js';

/**
 * The dashboard's one Socket.IO connection to the hub's `/ui` namespace (protocol in
 * shared/schemas/events.ts). Same origin, authenticated by the session cookie the browser
 * sends with the handshake; opened after sign-in and closed at sign-out by the
 * LiveSession (state/live-session.ts), which is the only module that talks to it.
 */

/** Event names of the protocol; a copy of shared `UI_EVENTS` (that module also builds zod schemas). */
export const UI_EVENTS = {
  subscribe: 'ui:subscribe',
  unsubscribe: 'ui:unsubscribe',
  events: 'ui:events',
  progress: 'ui:progress',
} as const;

/** A room of the `/ui` namespace: `fleet`, `cluster`, `approvals`, `agent:<id>`, `task:<id>`, `session:<id>`. */
export type UiRoom = 'fleet' | 'cluster' | 'approvals' | `${'agent' | 'task' | 'session'}:${string}`;

/** The answer of an acknowledged emit: the value, or the hub's `{ code, message }`. */
export type UiAck<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

interface ServerToClientEvents {
  [UI_EVENTS.events]: (batch: { events: DomainEvent[] }) => void;
  [UI_EVENTS.progress]: (batch: { items: ProgressItem[] }) => void;
}

interface ClientToServerEvents {
  [UI_EVENTS.subscribe]: (request: UiSubscribe, ack: (answer: UiAck<UiSubscribeResult>) => void) => void;
  [UI_EVENTS.unsubscribe]: (request: { rooms: string[] }) => void;
}

export type UiSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a subscription may take to be acknowledged before it counts as failed. */
const ACK_TIMEOUT_MS = 10_000;

/** Refused by the hub (`ok: false`) or not acknowledged in time. */
export class SocketRequestError extends Error {
  override readonly name = 'SocketRequestError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens the connection (it reconnects by itself with backoff until `closeSocket`). WebSocket
 * first; long-polling only when a proxy refuses the upgrade.
 */
export function openSocket(): UiSocket {
  return io('/ui', {
    path: '/socket.io',
    withCredentials: true,
    transports: ['websocket', 'polling'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
}

/** Joins rooms; the hub first sends the events after `afterSeq` in them, then answers. */
export async function subscribeRooms(socket: UiSocket, rooms: readonly string[], afterSeq?: number): Promise<UiSubscribeResult> {
  const request: UiSubscribe = afterSeq === undefined ? { rooms: [...rooms] } : { rooms: [...rooms], afterSeq };
  let answer: UiAck<UiSubscribeResult>;
  try {
    answer = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(UI_EVENTS.subscribe, request);
  } catch {
    throw new SocketRequestError('TIMEOUT', 'The hub did not answer the subscription in time.');
  }
  if (!answer.ok) throw new SocketRequestError(answer.error.code, answer.error.message);
  return answer.data;
}

export function unsubscribeRooms(socket: UiSocket, rooms: readonly string[]): void {
  if (rooms.length > 0 && socket.connected) socket.emit(UI_EVENTS.unsubscribe, { rooms: [...rooms] });
}
