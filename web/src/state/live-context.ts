import { createContext } from '@lit/context';
import type { LiveSession } from './live-session.js';

/**
 * How the dashboard is connected to the hub's live feed:
 * - `live`: the socket is connected; what the panels show is current;
 * - `reconnecting`: the network is there but the socket is not (yet); panels keep what
 *   they had and catch up when it returns;
 * - `offline`: the browser has no network at all.
 */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** Whether the socket has connected at least once ("Connecting…" before that). */
  readonly connectedOnce: boolean;
}

/**
 * The signed-in user's LiveSession, provided by <hive-app>; null while nobody is signed
 * in. A new session replaces the old one at each sign-in (never mutated into another user's).
 */
export const liveSessionContext = createContext<LiveSession | null>(Symbol('hive-live-session'));

/** The connection state, replaced on every change. */
export const connectionContext = createContext<ConnectionState>(Symbol('hive-connection'));
