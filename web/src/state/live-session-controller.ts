import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuthState } from './auth-context.js';
import { type ConnectionState, connectionContext, liveSessionContext } from './live-context.js';
import { LiveSession } from './live-session.js';

const SIGNED_OUT: ConnectionState = { status: 'reconnecting', connectedOnce: false };

/**
 * Owns the LiveSession for <hive-app>: opens it (and the socket) when someone signs in,
 * closes it when they sign out, and provides it and the connection state as contexts.
 * The session follows the auth state on every update of the host.
 */
export class LiveSessionController implements ReactiveController {
  private readonly session: ContextProvider<typeof liveSessionContext>;
  private readonly connection: ContextProvider<typeof connectionContext>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly auth: () => AuthState,
  ) {
    this.session = new ContextProvider(host, { context: liveSessionContext, initialValue: null });
    this.connection = new ContextProvider(host, { context: connectionContext, initialValue: SIGNED_OUT });
    host.addController(this);
  }

  get connectionState(): ConnectionState {
    return this.connection.value;
  }

  hostUpdate(): void {
    const auth = this.auth();
    const current = this.session.value;
    const user = auth.status === 'signed-in' ? auth.me.user : null;
    if (current && (!user || current.me.user.id !== user.id)) {
      current.close();
      this.session.setValue(null);
      this.connection.setValue(SIGNED_OUT);
    }
    if (user && !this.session.value && auth.status === 'signed-in') {
      const session = new LiveSession(auth.me, (state) => {
        if (this.session.value !== session) return;
        this.connection.setValue(state);
        this.host.requestUpdate();
      });
      this.session.setValue(session);
      this.connection.setValue(session.connectionState);
    }
  }

  hostDisconnected(): void {
    this.session.value?.close();
    this.session.setValue(null);
  }
}
