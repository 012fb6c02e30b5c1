import { apiRequest } from './client.js';
import type { CreateUserInput, UpdateUserInput, User } from './types.js';

/** Every user (admins only). */
export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  return (await apiRequest<{ items: User[] }>('/users', { signal })).items;
}

export function createUser(input: CreateUserInput): Promise<User> {
  return apiRequest<User>('/users', { method: 'POST', body: input });
}

/**
 * Changes a user's role, disabled flag or password; the hub ends that user's sessions.
 * It refuses (409) to demote or disable the last active admin.
 */
export function updateUser(id: string, patch: UpdateUserInput): Promise<User> {
  return apiRequest<User>(`/users/${encodeURIComponent(id)}`, { method: 'PUT', body: patch });
}
