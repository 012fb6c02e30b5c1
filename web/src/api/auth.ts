import { apiRequest } from './client.js';
import type { ChangePasswordInput, LoginInput, Me } from './types.js';

/** Signs in with a password; the hub answers with the user and sets the session cookie. */
export function login(input: LoginInput): Promise<Me> {
  // A 401 here means "wrong username or password", not "session expired".
  return apiRequest<Me>('/auth/login', { method: 'POST', body: input, reportUnauthenticated: false });
}

export function logout(): Promise<{ ok: true }> {
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
