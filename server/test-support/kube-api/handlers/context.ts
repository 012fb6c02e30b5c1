/** What every handler works with, and what it answers. */
import type { ServerResponse } from 'node:http';
import type { Kubelet } from '../kubelet.js';
import type { ObjectStore } from '../object-store.js';
import type { PodLogs } from '../pod-logs.js';
import type { WatchStreams } from '../watch-stream.js';

export interface NamespaceInfo {
  name: string;
  uid: string;
  labels: Record<string, string>;
  serviceAccounts: Set<string>;
  creationTimestamp: string;
}

export interface ApiContext {
  store: ObjectStore;
  kubelet: Kubelet;
  logs: PodLogs;
  watches: WatchStreams;
  namespaces: Map<string, NamespaceInfo>;
  /** Whether metrics.k8s.io is served (a cluster without metrics-server has none). */
  metrics: boolean;
  bookmarkIntervalMs: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Streams the answer itself (watches, followed logs). */
  stream?: (res: ServerResponse) => void;
}

export interface ApiRequest {
  method: string;
  namespace: string;
  name?: string;
  query: URLSearchParams;
  body: unknown;
}

export const json = (status: number, body: unknown, warnings: string[] = []): Reply => ({
  status,
  body,
  ...(warnings.length > 0 && { headers: { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } }),
});
