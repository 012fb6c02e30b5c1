import { ApiRequestError, apiRequest } from '../api/client.js';
import { UI_EVENTS, type UiRoom, type UiSocket, openSocket, subscribeRooms, unsubscribeRooms } from '../api/socket.js';
import type { Me, UiSubscribeResult } from '../api/types.js';
import type { ConnectionState } from './live-context.js';
import type { LiveHost, LiveResource, LiveSpec } from './live-resource.js';

/** How long a resource outlives its last consumer, so navigating back and forth reuses it. */
export const TEARDOWN_GRACE_MS = 10_000;
/** After the hub refused the connection (and the session is still good), try again after this. */
const REFUSED_RETRY_MS = 5000;

interface Entry {
  resource: LiveResource;
  refs: number;
  teardown: number | undefined;
}

/**
 * Everything live for one signed-in user: the `/ui` socket, the shared resources
 * (collections, values, progress streams) keyed by what they hold and counted by their
 * consumers, and the connection state the top bar shows. Created by <hive-app> at sign-in
 * and closed at sign-out.
 *
 * Every `ui:events` and `ui:progress` batch goes to every resource; each one keeps what
 * concerns it (the protocol does not say which room a message came through).
 */
export class LiveSession implements LiveHost {
  private readonly socket: UiSocket;
  private readonly entries = new Map<string, Entry>();
  private readonly roomRefs = new Map<string, number>();
  private connection: ConnectionState;
  private closed = false;
  private refusedTimer: number | undefined;

  constructor(
    readonly me: Me,
    private readonly onConnectionChange: (state: ConnectionState) => void,
  ) {
    this.connection = { status: navigator.onLine ? 'reconnecting' : 'offline', connectedOnce: false };
    this.socket = openSocket();
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.on(UI_EVENTS.events, ({ events }) => {
      const ordered = [...events].sort((a, b) => a.seq - b.seq);
      for (const { resource } of this.entries.values()) resource.handleEvents(ordered);
    });
    this.socket.on(UI_EVENTS.progress, ({ items }) => {
      for (const { resource } of this.entries.values()) resource.handleProgress(items);
    });
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (!navigator.onLine) this.socket.disconnect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** The shared resource for `spec.key`, started on first use; pair with `release`. */
  acquire<R extends LiveResource>(spec: LiveSpec<R>): R {
    let entry = this.entries.get(spec.key);
    if (!entry) {
      entry = { resource: spec.create(this), refs: 0, teardown: undefined };
      this.entries.set(spec.key, entry);
      entry.resource.start();
    }
    window.clearTimeout(entry.teardown);
    entry.teardown = undefined;
    entry.refs += 1;
    return entry.resource as R;
  }

  /** One consumer of `key` is done; the resource stops a grace period after the last one. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs > 0) return;
    window.clearTimeout(entry.teardown);
    entry.teardown = window.setTimeout(() => {
      if (this.entries.get(key) !== entry || entry.refs > 0) return;
      this.entries.delete(key);
      entry.resource.stop();
    }, TEARDOWN_GRACE_MS);
  }

  retainRooms(rooms: readonly UiRoom[]): void {
    for (const room of rooms) this.roomRefs.set(room, (this.roomRefs.get(room) ?? 0) + 1);
  }

  releaseRooms(rooms: readonly UiRoom[]): void {
    const empty: string[] = [];
    for (const room of rooms) {
      const refs = (this.roomRefs.get(room) ?? 0) - 1;
      if (refs > 0) {
        this.roomRefs.set(room, refs);
      } else {
        this.roomRefs.delete(room);
        empty.push(room);
      }
    }
    if (!this.closed) unsubscribeRooms(this.socket, empty);
  }

  subscribe(rooms: readonly UiRoom[], afterSeq?: number): Promise<UiSubscribeResult> {
    return subscribeRooms(this.socket, rooms, afterSeq);
  }

  /** Sign-out: stops every resource and closes the socket. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.clearTimeout(this.refusedTimer);
    for (const entry of this.entries.values()) {
      window.clearTimeout(entry.teardown);
      entry.resource.stop();
    }
    this.entries.clear();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private readonly onConnect = (): void => {
    this.setConnection({ status: 'live', connectedOnce: true });
    for (const { resource } of [...this.entries.values()]) resource.resume();
  };

  private readonly onDisconnect = (reason: string): void => {
    if (this.closed) return;
    for (const { resource } of this.entries.values()) resource.disconnected();
    this.setConnection({ ...this.connection, status: navigator.onLine ? 'reconnecting' : 'offline' });
    // The hub closed the connection on purpose (e.g. the session was revoked): find out why.
    if (reason === 'io server disconnect') void this.checkRefusal();
  };

  private readonly onConnectError = (): void => {
    if (this.closed) return;
    this.setConnection({ ...this.connection, status: navigator.onLine ? 'reconnecting' : 'offline' });
    // Refused by the namespace's middleware: Socket.IO does not retry that by itself.
    if (!this.socket.active) void this.checkRefusal();
  };

  /**
   * Asks the hub who we are: a 401 signs the app out (the REST client reports it); any
   * other answer means the refusal was passing, so the socket tries again shortly.
   */
  private async checkRefusal(): Promise<void> {
    try {
      await apiRequest<Me>('/auth/me');
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return;
    }
    if (this.closed) return;
    window.clearTimeout(this.refusedTimer);
    this.refusedTimer = window.setTimeout(() => {
      if (!this.closed && !this.socket.connected && navigator.onLine) this.socket.connect();
    }, REFUSED_RETRY_MS);
  }

  /** The browser knows it has no network: stop waiting for a ping timeout, say so at once. */
  private readonly onOffline = (): void => {
    this.socket.disconnect();
    for (const { resource } of this.entries.values()) resource.disconnected();
    this.setConnection({ ...this.connection, status: 'offline' });
  };

  private readonly onOnline = (): void => {
    this.setConnection({ ...this.connection, status: this.socket.connected ? 'live' : 'reconnecting' });
    if (!this.socket.connected) this.socket.connect();
  };

  private setConnection(state: ConnectionState): void {
    if (state.status === this.connection.status && state.connectedOnce === this.connection.connectedOnce) return;
    this.connection = state;
    this.onConnectionChange(state);
  }
}
