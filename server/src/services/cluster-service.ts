import type { Runtime, RuntimeTarget } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { RuntimeDriver } from '../runtime/port.js';
import type { Store } from '../store/store.js';

export interface RegisteredTarget {
  id: string;
  name: string;
  driver: RuntimeDriver;
}

/**
 * The runtime targets this hub can place agents on, with their health, load and drain flag.
 * (Several Docker hosts and Kubernetes clusters, discovery and failover come with the
 * containers work; today each configured driver is one target.)
 */
export class ClusterService {
  private readonly targets = new Map<string, RegisteredTarget>();

  constructor(private readonly store: Store) {}

  async register(target: RegisteredTarget): Promise<void> {
    this.targets.set(target.id, target);
    await this.store.runtimeTargets.ensure({ id: target.id, kind: target.driver.kind, name: target.name });
  }

  /** The target agents of this runtime kind are placed on; refuses while it drains. */
  async placementFor(runtime: string): Promise<RegisteredTarget> {
    const target = [...this.targets.values()].find((t) => t.driver.kind === runtime);
    if (!target) throw AppError.field('runtime', `the ${runtime} runtime is not configured on this hub`);
    const row = await this.store.runtimeTargets.get(target.id);
    if (row?.draining) throw new AppError('CONFLICT', `runtime target ${target.id} is draining and takes no new agents`);
    return target;
  }

  async view(): Promise<RuntimeTarget[]> {
    const rows = await this.store.runtimeTargets.list();
    const views: RuntimeTarget[] = [];
    for (const row of rows) {
      const target = this.targets.get(row.id);
      const [health, instances] = target
        ? await Promise.all([target.driver.health().catch((e: Error) => ({ status: 'down' as const, detail: e.message, running: 0 })), target.driver.list()])
        : [{ status: 'down' as const, detail: 'not connected to this hub', running: 0 }, []];
      const running = new Set(instances.filter((i) => i.state === 'running').map((i) => i.agentId));
      const { items } = await this.store.agents.list({ runtime: row.kind as Runtime, limit: 200, offset: 0 });
      views.push({
        id: row.id,
        kind: row.kind,
        name: row.name,
        status: health.status,
        detail: health.detail,
        running: running.size,
        capacity: row.capacity,
        draining: row.draining,
        agents: items.filter((a) => running.has(a.id)).map((a) => ({ id: a.id, name: a.name, status: a.status, type: a.type })),
      });
    }
    return views;
  }

  async setDraining(id: string, draining: boolean): Promise<RuntimeTarget> {
    if (!(await this.store.runtimeTargets.setDraining(id, draining))) throw AppError.notFound('runtime target', id);
    return (await this.view()).find((t) => t.id === id)!;
  }
}
