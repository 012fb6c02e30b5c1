import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fetchMe, logout } from '../api/auth.js';
import { ApiRequestError, apiEvents, describeError } from '../api/client.js';
import type { Me } from '../api/types.js';
import { type AuthState, authContext } from './auth-context.js';
import { forgetUser, recallUser, rememberUser } from './last-user.js';

/**
 * Owns the session for the whole app: checks it at start, follows sign-in and sign-out,
 * drops to the sign-in page when any request reports 401, and re-checks when the
 * browser comes back online. Publishes an AuthState through @lit/context.
 */
export class AuthController implements ReactiveController {
  private readonly provider: ContextProvider<typeof authContext>;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.provider = new ContextProvider(host, { context: authContext, initialValue: { status: 'checking' } });
    host.addController(this);
  }

  get state(): AuthState {
    return this.provider.value;
  }

  hostConnected(): void {
    apiEvents.addEventListener('unauthenticated', this.onSessionLost);
    window.addEventListener('online', this.onOnline);
    void this.check();
  }

  hostDisconnected(): void {
    apiEvents.removeEventListener('unauthenticated', this.onSessionLost);
    window.removeEventListener('online', this.onOnline);
  }

  /** Ask the hub who we are. */
  async check(): Promise<void> {
    try {
      this.signedIn(await fetchMe());
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        forgetUser();
        this.set({ status: 'signed-out' });
        return;
      }
      const remembered = recallUser();
      if (remembered && error instanceof ApiRequestError && error.code === 'NETWORK') {
        this.set({ status: 'signed-in', me: remembered, offline: true });
        return;
      }
      this.set({ status: 'unreachable', message: describeError(error) });
    }
  }

  signedIn(me: Me): void {
    rememberUser(me);
    this.set({ status: 'signed-in', me, offline: false });
  }

  async signOut(): Promise<void> {
    try {
      await logout();
    } catch {
      // Even if the hub cannot be told, this device forgets the user; the cookie is
      // HttpOnly, so the hub's own expiry ends the session.
    }
    forgetUser();
    this.set({ status: 'signed-out', notice: 'You have signed out.' });
  }

  /** The hub ended the session on purpose (e.g. a password change signs out everywhere). */
  sessionEnded(notice: string): void {
    forgetUser();
    this.set({ status: 'signed-out', notice });
  }

  private readonly onSessionLost = (): void => {
    if (this.state.status !== 'signed-in') return;
    forgetUser();
    this.set({ status: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' });
  };

  private readonly onOnline = (): void => {
    // Only states built without the hub need re-checking when the network returns.
    const state = this.state;
    if (state.status === 'unreachable' || (state.status === 'signed-in' && state.offline)) void this.check();
  };

  private set(state: AuthState): void {
    this.provider.setValue(state);
    this.host.requestUpdate();
  }
}
