import { fetchAgent, listAgents } from '../api/agents.js';
import type { Agent, DomainEvent } from '../api/types.js';
import { LiveCollection } from './live-collection.js';
import type { LiveHost, LiveSpec } from './live-resource.js';
import { laterTime, loadPages } from './snapshot.js';

/** The fleet is loaded whole, up to this many agents. */
const MAX_AGENTS = 2000;
/**
 * Heartbeats update the agent's row but append no event (they would flood the log), so
 * the fleet's heartbeat times are refreshed this often while someone looks at them.
 */
const HEARTBEAT_REFRESH_MS = 15_000;

const AGENT_EVENT = /^agent\./;

function agentChange(event: DomainEvent, only?: string) {
  if (!AGENT_EVENT.test(event.type)) return null;
  const agent = event.payload as unknown as Agent;
  if (typeof agent.id !== 'string' || (only !== undefined && agent.id !== only)) return null;
  return { id: agent.id, item: agent };
}

const newestFirst = (a: Agent, b: Agent) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

/** The whole fleet, live (room `cluster`: every agent event), newest first. */
export class FleetCollection extends LiveCollection<Agent> {
  private timer: number | undefined;

  constructor(host: LiveHost) {
    super(host, {
      rooms: ['cluster'],
      load: (signal) => loadPages((limit, offset, s) => listAgents({ limit, offset }, s), MAX_AGENTS, signal),
      change: (event) => agentChange(event),
      idOf: (agent) => agent.id,
      compare: newestFirst,
    });
  }

  override start(): void {
    super.start();
    this.timer = window.setInterval(() => void this.refreshHeartbeats(), HEARTBEAT_REFRESH_MS);
  }

  override stop(): void {
    window.clearInterval(this.timer);
    super.stop();
  }

  /** Takes only newer heartbeat times: everything else comes from events, in order. */
  private async refreshHeartbeats(): Promise<void> {
    if (document.visibilityState !== 'visible' || this.state.status !== 'ready') return;
    if (!this.state.items.some((agent) => agent.lastHeartbeatAt !== null)) return;
    try {
      const { items } = await loadPages((limit, offset, s) => listAgents({ limit, offset }, s), MAX_AGENTS, new AbortController().signal);
      this.merge(items, (current, fresh) => {
        const heartbeat = laterTime(current.lastHeartbeatAt, fresh.lastHeartbeatAt);
        return heartbeat === current.lastHeartbeatAt ? current : { ...current, lastHeartbeatAt: heartbeat };
      });
    } catch {
      // The next refresh (or the next event) will do.
    }
  }
}

export const fleetSpec: LiveSpec<FleetCollection> = { key: 'agents', create: (host) => new FleetCollection(host) };

/** One agent, live (room `agent:<id>`). */
export function agentSpec(id: string): LiveSpec<LiveCollection<Agent>> {
  return {
    key: `agent:${id}`,
    create: (host) =>
      new LiveCollection<Agent>(host, {
        rooms: [`agent:${id}`],
        load: async (signal) => ({ items: [await fetchAgent(id, signal)], staleSince: null }),
        change: (event) => agentChange(event, id),
        idOf: (agent) => agent.id,
        compare: newestFirst,
      }),
  };
}
