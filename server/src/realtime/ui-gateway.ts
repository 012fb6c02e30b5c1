import { parse as parseCookie } from 'hono/utils/cookie';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  UI_EVENTS,
  UiSubscribe,
  UiUnsubscribe,
  type DomainEvent,
  type ProgressItem,
  type UiSubscribeResult,
} from '../../../shared/index.js';
import type { Principal } from '../auth/principal.js';
import { SESSION_COOKIE } from '../http/auth-middleware.js';
import type { Services } from '../services/index.js';
import { roomsFor } from './ui-rooms.js';
import { onValidated } from './validated-handler.js';

export interface UiGatewayOptions {
  /** Events and progress are gathered this long and sent as one batch per room set. */
  batchMs: number;
  /** Most missed events replayed on resubscribe; beyond this the client reloads snapshots. */
  replayLimit: number;
  log: (msg: string) => void;
}

/**
 * The Socket.IO `/ui` namespace for dashboards: cookie- or token-authenticated, room
 * subscriptions with resume from a sequence number, batched emission. Only the hub that
 * committed an event emits it; with Redis the streams adapter carries it to every hub's clients.
 */
export class UiGateway {
  private readonly nsp: Namespace;
  private pendingEvents: DomainEvent[] = [];
  private progressBatches = new Map<string, ProgressItem[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly offEvents: () => void;

  constructor(
    io: Server,
    private readonly services: Services,
    private readonly options: UiGatewayOptions,
  ) {
    this.nsp = io.of('/ui');
    this.nsp.use((socket, next) => {
      this.authenticate(socket)
        .then((principal) => {
          if (!principal) return next(new Error('unauthorized: sign in or send { token } in the handshake auth'));
          socket.data.principal = principal;
          next();
        })
        .catch((err: Error) => next(new Error(err.message)));
    });
    this.nsp.on('connection', (socket) => this.onConnection(socket));
    this.offEvents = services.store.onEvents((events) => this.publishEvents(events));
  }

  /** Live output of an agent working a task (not part of the event log). */
  publishProgress(item: ProgressItem): void {
    this.queue(this.progressBatches, [`agent:${item.agentId}`, `task:${item.taskId}`], item);
  }

  publishEvents(events: DomainEvent[]): void {
    this.pendingEvents.push(...events);
    this.scheduleFlush();
  }

  get clientCount(): number {
    return this.nsp.sockets.size;
  }

  close(): void {
    this.offEvents();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
  }

  private async authenticate(socket: Socket): Promise<Principal | null> {
    const token = z.object({ token: z.string().min(1).max(500) }).safeParse(socket.handshake.auth);
    if (token.success) return this.services.auth.principalFromToken(token.data.token);
    const cookie = parseCookie(socket.handshake.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
    return cookie ? this.services.auth.principalFromSession(cookie) : null;
  }

  private onConnection(socket: Socket): void {
    onValidated(
      socket,
      UI_EVENTS.subscribe,
      UiSubscribe,
      async ({ rooms, afterSeq }): Promise<UiSubscribeResult> => {
        // Join first, then read what was missed: an event committed in between arrives twice
        // (the client dedupes by seq) rather than not at all.
        await socket.join(rooms);
        const headSeq = await this.services.store.events.lastSeq();
        if (afterSeq === undefined || afterSeq >= headSeq) return { headSeq, resync: false };
        const missed = await this.services.store.events.listAfter({ after: afterSeq, limit: this.options.replayLimit + 1 });
        if (missed.length > this.options.replayLimit) return { headSeq, resync: true };
        const wanted = new Set(rooms);
        const events = missed.filter((e) => roomsFor(e).some((r) => wanted.has(r)));
        if (events.length) socket.emit(UI_EVENTS.events, { events });
        return { headSeq, resync: false };
      },
      this.options.log,
    );
    onValidated(
      socket,
      UI_EVENTS.unsubscribe,
      UiUnsubscribe,
      async ({ rooms }) => {
        await Promise.all(rooms.map((r) => socket.leave(r)));
      },
      this.options.log,
    );
  }

  private queue<T>(batches: Map<string, T[]>, rooms: string[], item: T): void {
    const key = rooms.join(',');
    const batch = batches.get(key);
    if (batch) batch.push(item);
    else batches.set(key, [item]);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  /**
   * Every event goes to `fleet` in one batch. Each narrower room gets its own events, except
   * for sockets also in `fleet` (who have them already): so a dashboard gets each event once,
   * and the batches survive the trip through the Redis adapter to other hubs. Progress of one
   * task always has the same two rooms, so one emit per room pair sends it once per socket.
   */
  private flush(): void {
    this.flushTimer = null;
    const events = this.pendingEvents;
    const progress = this.progressBatches;
    this.pendingEvents = [];
    this.progressBatches = new Map();
    if (events.length) {
      this.nsp.to('fleet').emit(UI_EVENTS.events, { events });
      const byRoom = new Map<string, DomainEvent[]>();
      for (const e of events) {
        for (const room of roomsFor(e)) {
          if (room === 'fleet') continue;
          const batch = byRoom.get(room);
          if (batch) batch.push(e);
          else byRoom.set(room, [e]);
        }
      }
      for (const [room, batch] of byRoom) this.nsp.to(room).except('fleet').emit(UI_EVENTS.events, { events: batch });
    }
    for (const [key, batch] of progress) this.nsp.to(key.split(',')).emit(UI_EVENTS.progress, { items: batch });
  }
}

