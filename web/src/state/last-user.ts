import type { Me } from '../api/types.js';

/**
 * The last user who signed in on this device, so an installed app opened without a
 * network can still show its shell (and say it is offline) instead of a sign-in form
 * it cannot submit. Only identity and role are kept: nothing secret, and every request
 * is still authorised by the hub's HttpOnly cookie.
 */
const STORAGE_KEY = 'hive.lastUser';

export function rememberUser(me: Me): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(me));
  } catch {
    // Storage can be full or disabled (private mode); the offline shell is a nicety.
  }
}

export function forgetUser(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // See rememberUser.
  }
}

export function recallUser(): Me | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Me> | null;
    const user = value?.user;
    if (!user || typeof user.username !== 'string' || typeof user.role !== 'string') return null;
    return value as Me;
  } catch {
    return null;
  }
}
