import { apiRequest } from './client.js';
import type { ClusterView } from './types.js';

/** Every runtime target with its health, load and agents; kept for offline use. */
export function fetchCluster(signal?: AbortSignal): Promise<ClusterView> {
  return apiRequest<ClusterView>('/cluster', { signal, offlineFallback: true });
}

/** A draining target gets no new agents; the ones there keep running (admins only). */
export function setTargetDraining(id: string, draining: boolean): Promise<unknown> {
  return apiRequest(`/cluster/targets/${encodeURIComponent(id)}/${draining ? 'drain' : 'undrain'}`, { method: 'POST' });
}
