import { apiRequest } from './client.js';
import type { ApiToken, CreatedToken, CreateTokenInput } from './types.js';

/** The signed-in user's API tokens, newest first, revoked ones included. */
export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await apiRequest<{ items: ApiToken[] }>('/tokens', { signal })).items;
}

/** Creates a token; the answer carries its secret, which the hub never shows again. */
export function createToken(input: CreateTokenInput): Promise<CreatedToken> {
  return apiRequest<CreatedToken>('/tokens', { method: 'POST', body: input });
}

export function revokeToken(id: string): Promise<ApiToken> {
  return apiRequest<ApiToken>(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
