import { createContext } from '@lit/context';
import type { Me } from '../api/types.js';

/**
 * Who is using the dashboard. Provided by <hive-app>; a new object replaces the old one
 * on every change (never mutated), so consumers re-render on identity.
 */
export type AuthState =
  /** Asking the hub whether the session cookie is still good. */
  | { readonly status: 'checking' }
  /** No session: show the sign-in page, with an optional reason (e.g. it expired). */
  | { readonly status: 'signed-out'; readonly notice?: string }
  /** The hub could not be reached and nobody signed in on this device before. */
  | { readonly status: 'unreachable'; readonly message: string }
  /**
   * Signed in. `offline` means the hub is unreachable and `me` is the last user seen on
   * this device, so the shell can open; every load will then say it is offline.
   */
  | { readonly status: 'signed-in'; readonly me: Me; readonly offline: boolean };

export const authContext = createContext<AuthState>(Symbol('hive-auth'));

/** Carries the `Me` of a successful login to <hive-app>. */
export const SIGNED_IN_EVENT = 'hive-signed-in';
/**
 * Tells <hive-app> (from anywhere below it: it bubbles and crosses shadow roots) that
 * the hub has ended this session, e.g. after a password change, with the reason to show.
 */
export const SESSION_ENDED_EVENT = 'hive-session-ended';

declare global {
  interface HTMLElementEventMap {
    [SIGNED_IN_EVENT]: CustomEvent<Me>;
    [SESSION_ENDED_EVENT]: CustomEvent<{ notice: string }>;
  }
}
