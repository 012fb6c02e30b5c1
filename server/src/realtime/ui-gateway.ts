import { parse as parseCookie } from 'hono/utils/cookie';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  DomainEvent,
  UI_EVENTS,
  UiSubscribe,
  UiUnsubscribe,
  type ProgressItem,
  type UiSubscribeResult,
} from '../../../shared/index.js';
import type { Principal } from '../auth/principal.js';
import type { Broker, Unsubscribe } from '../broker/port.js';
import { SESSION_COOKIE } from '../http/auth-middleware.js';
import type { Services } from '../services/index.js';
import { EventGapFiller } from './event-gap-filler.js';
import { roomsFor } from './ui-rooms.js';
import { onValidated } from './validated-handler.js';

/** Seqs below a resuming dashboard's cursor that are sent again (see onConnection). */
const RESUME_OVERLAP = 256;

export interface UiGatewayOptions {
  /** Events and progress are gathered this long and sent as one batch per room set. */
  batchMs: number;
  /** Most missed events replayed on resubscribe; beyond this the client reloads snapshots. */
  replayLimit: number;
  /** Carries committed events to the other hubs (`system_events`); in-process without Redis. */
  broker: Broker;
  /** How often a hub looks for events it never received, and how old such a hole must be. */
  gapTickMs?: number;
  gapGraceMs?: number;
  log: (msg: string) => void;
}

/** Broker channel of committed domain events (broker/port.ts). */
const EVENTS_CHANNEL = 'system_events';
/** What one hub tells the others after a commit; checked on receipt like any inbound payload. */
const PeerEvents = z.object({ hub: z.string(), events: z.array(DomainEvent) });

/**
 * The Socket.IO `/ui` namespace for dashboards: cookie- or token-authenticated, room
 * subscriptions with resume from a sequence number, batched emission.
 *
 * Domain events: each hub emits to its own sockets only. The committing hub delivers its
 * events locally and publishes them on the broker; every other hub delivers what it receives
 * to its sockets. So every hub sees every event it delivers, and its EventGapFiller can fill
 * from the store whatever never arrived (the committer killed before publishing, a lost
 * pub/sub message) without a client getting an event twice from two hubs. Progress is not
 * in the log: it still goes through the Socket.IO adapter to every hub's clients.
 */
export class UiGateway {
  private readonly nsp: Namespace;
  private pendingEvents: DomainEvent[] = [];
  private progressBatches = new Map<string, ProgressItem[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly offEvents: () => void;
  private readonly hubId = crypto.randomUUID();
  private readonly filler: EventGapFiller;
  private readonly offPeers: Promise<Unsubscribe | null>;
  /** Another hub has published events: some commits are not ours, so the filler probes the log's head. */
  private peersSeen = false;

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
    this.filler = new EventGapFiller(services.store.events, {
      tickMs: options.gapTickMs ?? 500,
      graceMs: options.gapGraceMs ?? 1000,
      probeHead: () => this.peersSeen && this.nsp.sockets.size > 0,
      listening: () => this.nsp.sockets.size > 0,
      deliver: (events) => this.emitLocally(events),
      log: options.log,
    });
    this.filler.start();
    this.offPeers = options.broker.subscribe(EVENTS_CHANNEL, (message) => this.onPeerEvents(message)).catch((err: Error) => {
      options.log(`ui gateway: cannot subscribe to other hubs' events (${err.message}); the gap filler delivers them late`);
      return null;
    });
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
    this.filler.stop();
    void this.offPeers.then((off) => off?.()).catch(() => {}); // the broker may be closing already
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
        if (afterSeq === undefined) return { headSeq, resync: false };
        // A dashboard coming back from another hub may lack events just below its cursor: that
        // hub may not have filled them yet (EventGapFiller waits a grace period for a late
        // broadcast). So the last RESUME_OVERLAP seqs before the cursor are sent again; a client
        // keeps each item's latest state by seq, so a repeat changes nothing.
        const from = Math.max(0, afterSeq - RESUME_OVERLAP);
        if (from >= headSeq) return { headSeq, resync: false };
        const missed = await this.services.store.events.listAfter({ after: from, limit: RESUME_OVERLAP + this.options.replayLimit + 1 });
        if (missed.filter((e) => e.seq > afterSeq).length > this.options.replayLimit) return { headSeq, resync: true };
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

  /** Progress of one task always has the same two rooms, so one emit per room pair sends it once per socket. */
  private flush(): void {
    this.flushTimer = null;
    const events = this.pendingEvents;
    const progress = this.progressBatches;
    this.pendingEvents = [];
    this.progressBatches = new Map();
    if (events.length) {
      this.emitLocally(this.filler.accept(events));
      // A lost publish (Redis down, this hub killed now) is filled by the other hubs' gap fillers.
      this.options.broker.publish(EVENTS_CHANNEL, JSON.stringify({ hub: this.hubId, events })).catch(() => {});
    }
    for (const [key, batch] of progress) this.nsp.to(key.split(',')).emit(UI_EVENTS.progress, { items: batch });
  }

  private onPeerEvents(message: string): void {
    let parsed: z.infer<typeof PeerEvents>;
    try {
      const raw = JSON.parse(message) as { hub?: unknown };
      // Our own, delivered at flush: not worth validating (the broker echoes every publish).
      if (raw?.hub === this.hubId) return;
      parsed = PeerEvents.parse(raw);
    } catch (err) {
      // Not delivered now; the gap filler reads the events from the store instead.
      this.options.log(`ui gateway: ignored a malformed event message from another hub (${(err as Error).message.slice(0, 200)})`);
      return;
    }
    this.peersSeen = true;
    this.emitLocally(this.filler.accept(parsed.events));
  }

  /**
   * To this hub's sockets only. Every event goes to `fleet` in one batch. Each narrower room
   * gets its own events, except for sockets also in `fleet` (who have them already): so a
   * dashboard gets each event once.
   */
  private emitLocally(events: DomainEvent[]): void {
    if (!events.length) return;
    this.nsp.local.to('fleet').emit(UI_EVENTS.events, { events });
    const byRoom = new Map<string, DomainEvent[]>();
    for (const e of events) {
      for (const room of roomsFor(e)) {
        if (room === 'fleet') continue;
        const batch = byRoom.get(room);
        if (batch) batch.push(e);
        else byRoom.set(room, [e]);
      }
    }
    for (const [room, batch] of byRoom) this.nsp.local.to(room).except('fleet').emit(UI_EVENTS.events, { events: batch });
  }
}

