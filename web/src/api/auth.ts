import { apiRequest } from './client.js';
import { detachPushOnSignOut } from '../pwa/push.js';
import { clearResponses } from './response-cache.js';
import type { ChangePasswordInput, LoginInput, Me } from './types.js';

/** Signs in with a password; the hub answers with the user and sets the session cookie. */
export function login(input: LoginInput): Promise<Me> {
  // Whatever the last user looked at is not for the next one (see response-cache.ts).
  clearResponses();
  // A 401 here means "wrong username or password", not "session expired".
  return apiRequest<Me>('/auth/login', { method: 'POST', body: input, reportUnauthenticated: false });
}

export async function logout(): Promise<{ ok: true }> {
  clearResponses();
  // While the session still exists: the hub must stop sending this user's notifications here.
  await detachPushOnSignOut();
  return apiRequest('/auth/logout', { method: 'POST', reportUnauthenticated: false });
}

/** The signed-in user, or an ApiRequestError with status 401 when there is no session. */
export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return apiRequest<Me>('/auth/me', { signal, reportUnauthenticated: false });
}

export function changePassword(input: ChangePasswordInput): Promise<{ ok: true }> {
  // A wrong current password must show on the form, never sign the user out.
  return apiRequest('/auth/password', { method: 'POST', body: input, reportUnauthenticated: false });
}
