import { ApiRequestError } from '../api/client.js';
import { fetchCluster } from '../api/cluster.js';
import { countAwaitingApproval } from '../api/proposals.js';
import { fetchHealth, fetchSystemStatus } from '../api/system.js';
import type { ClusterView, Health, SystemStatus } from '../api/types.js';
import type { LiveSpec } from './live-resource.js';
import { LiveValue } from './live-value.js';

/** Counts by status and whether the system sleeps; reloaded when agents, tasks or sleep change. */
export const systemStatusSpec: LiveSpec<LiveValue<SystemStatus>> = {
  key: 'system-status',
  create: (host) =>
    new LiveValue(host, {
      rooms: ['fleet'],
      load: fetchSystemStatus,
      affectedBy: (event) => /^(agent|task|system)\./.test(event.type),
    }),
};

/** The hub's health: no event reports it, so it is polled. */
export const healthSpec: LiveSpec<LiveValue<Health>> = {
  key: 'health',
  create: (host) => new LiveValue(host, { rooms: [], load: fetchHealth, affectedBy: () => false, pollMs: 15_000 }),
};

/** Runtime targets and their agents; null when the hub has no cluster view. */
export const clusterSpec: LiveSpec<LiveValue<ClusterView | null>> = {
  key: 'cluster',
  create: (host) =>
    new LiveValue(host, {
      rooms: ['cluster'],
      load: async (signal) => {
        try {
          return await fetchCluster(signal);
        } catch (error) {
          if (error instanceof ApiRequestError && error.status === 404) return null;
          throw error;
        }
      },
      affectedBy: (event) => event.type.startsWith('agent.'),
      pollMs: 30_000,
    }),
};

/** How many proposals wait for a person's decision. */
export const pendingApprovalsSpec: LiveSpec<LiveValue<number>> = {
  key: 'approvals-pending',
  create: (host) =>
    new LiveValue(host, {
      rooms: ['approvals'],
      load: countAwaitingApproval,
      affectedBy: (event) => event.type.startsWith('proposal.'),
    }),
};
