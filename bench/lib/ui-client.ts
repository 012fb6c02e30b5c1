/** Dashboard-like Socket.IO clients on a hub's /ui namespace (token auth, as scripts use it). */
import { io, type Socket } from 'socket.io-client';
import { UI_EVENTS, type DomainEvent, type HubRequestResult, type UiSubscribeResult } from '../../shared/index.js';

export async function connectUi(hubUrl: string, token: string, rooms: string[] = ['fleet']): Promise<Socket> {
  const socket = io(`${hubUrl}/ui`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const ack = (await socket.timeout(30_000).emitWithAck(UI_EVENTS.subscribe, { rooms })) as HubRequestResult<UiSubscribeResult>;
  if (!ack.ok) throw new Error(`ui:subscribe failed: ${ack.error.message}`);
  return socket;
}

/** Calls `fn` for every event of every `ui:events` batch the socket receives. */
export function onUiEvents(socket: Socket, fn: (event: DomainEvent, receivedAt: number) => void): void {
  socket.on(UI_EVENTS.events, (batch: { events: DomainEvent[] }) => {
    const at = Date.now();
    for (const e of batch.events) fn(e, at);
  });
}
