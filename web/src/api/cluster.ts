import { apiRequest } from './client.js';
import type { ClusterView, RegisterTargetInput, RuntimeTarget } from './types.js';

/** Every runtime target with its health, load and agents; kept for offline use. */
export function fetchCluster(signal?: AbortSignal): Promise<ClusterView> {
  return apiRequest<ClusterView>('/cluster', { signal, offlineFallback: true });
}

/** A draining target gets no new agents; the ones there keep running (admins only). */
export function setTargetDraining(id: string, draining: boolean): Promise<unknown> {
  return apiRequest(`/cluster/targets/${encodeURIComponent(id)}/${draining ? 'drain' : 'undrain'}`, { method: 'POST' });
}

/** Register a Docker host or Kubernetes cluster as a runtime target (admins only). */
export function registerTarget(input: RegisterTargetInput): Promise<RuntimeTarget> {
  return apiRequest<RuntimeTarget>('/cluster/targets', { method: 'POST', body: input });
}

/** Deregister a target; the hub refuses (409) while agents are placed on it (admins only). */
export function deregisterTarget(id: string): Promise<RuntimeTarget> {
  return apiRequest<RuntimeTarget>(`/cluster/targets/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
