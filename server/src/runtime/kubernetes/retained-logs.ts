/**
 * The last lines of workers whose pods are gone, for logs() after a stop (the pod's own log
 * went with the pod). Bounded: the oldest agents are forgotten first. Held in memory, so a
 * restarted hub has only what it followed itself.
 */
import type { LineBuffer } from './line-buffer.js';

export class RetainedLogs {
  private readonly byAgent = new Map<string, LineBuffer>();

  constructor(private readonly maxAgents: number) {}

  keep(agentId: string, lines: LineBuffer): void {
    this.byAgent.delete(agentId);
    this.byAgent.set(agentId, lines);
    while (this.byAgent.size > this.maxAgents) this.byAgent.delete(this.byAgent.keys().next().value!);
  }

  get(agentId: string): LineBuffer | undefined {
    return this.byAgent.get(agentId);
  }
}
