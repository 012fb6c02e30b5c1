/**
 * The runtime targets this hub is connected to, each with its own RuntimeDriver: the runtime
 * the hub was configured with (HIVE_RUNTIME, id `local-<kind>`) and the targets registered
 * through the API (Docker hosts, Kubernetes clusters; rows in runtime_targets with their
 * address in `config`). A registered target whose driver cannot be opened yet stays listed
 * without one; connecting is retried at every probe.
 *
 * Exits of every driver reach one listener set, tagged with the target they came from, so
 * the orchestrator can tell a worker on the agent's current target from a leftover elsewhere.
 */
import type { Runtime } from '../../../../shared/index.js';
import type { ExitInfo, RuntimeDriver } from '../../runtime/port.js';

export type TargetKind = 'docker' | 'kubernetes';

/** Opens the driver of a registered target (an adapter, injected by the hub). */
export type TargetConnector = (target: { id: string; kind: TargetKind; address: string }) => Promise<RuntimeDriver>;

export interface AttachedTarget {
  id: string;
  kind: Runtime;
  name: string;
  /** Docker host URL or Kubernetes context of a registered target; null for the configured one. */
  address: string | null;
  registered: boolean;
  driver: RuntimeDriver | null;
}

export type TargetExitListener = (info: ExitInfo, targetId: string) => void;

export class TargetRegistry {
  private readonly targets = new Map<string, AttachedTarget & { offExit?: () => void; connecting?: Promise<RuntimeDriver> }>();
  private readonly exitListeners = new Set<TargetExitListener>();

  constructor(private connector: TargetConnector | null = null) {}

  setConnector(connector: TargetConnector): void {
    this.connector = connector;
  }

  get(id: string): AttachedTarget | undefined {
    return this.targets.get(id);
  }

  list(): AttachedTarget[] {
    return [...this.targets.values()];
  }

  /** Adds a target; with a driver, its exits are forwarded from now on. */
  attach(target: AttachedTarget): void {
    this.targets.set(target.id, { ...target });
    if (target.driver) this.listen(target.id, target.driver);
  }

  /** The target's driver, connecting a registered target first when it has none yet. */
  async driver(id: string): Promise<RuntimeDriver> {
    const target = this.targets.get(id);
    if (!target) throw new Error(`runtime target ${id} is not attached`);
    if (target.driver) return target.driver;
    if (!target.address || !this.connector || target.kind === 'process') throw new Error(`runtime target ${id} has no driver`);
    target.connecting ??= this.connector({ id, kind: target.kind, address: target.address }).finally(() => {
      target.connecting = undefined;
    });
    const driver = await target.connecting;
    if (this.targets.get(id) !== target) {
      // Detached while connecting.
      await driver.close();
      throw new Error(`runtime target ${id} was deregistered`);
    }
    target.driver = driver;
    this.listen(id, driver);
    return driver;
  }

  /** Removes a target and closes its driver (its workers, if any, keep running). */
  async detach(id: string): Promise<void> {
    const target = this.targets.get(id);
    if (!target) return;
    this.targets.delete(id);
    target.offExit?.();
    await target.driver?.close();
  }

  onExit(listener: TargetExitListener): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Closes the drivers of registered targets; the configured one belongs to the hub. */
  async close(): Promise<void> {
    for (const target of this.targets.values()) {
      target.offExit?.();
      if (target.registered) await target.driver?.close().catch(() => undefined);
    }
    this.targets.clear();
    this.exitListeners.clear();
  }

  private listen(id: string, driver: RuntimeDriver): void {
    const target = this.targets.get(id)!;
    target.offExit?.();
    target.offExit = driver.onExit((info) => {
      for (const listener of this.exitListeners) listener(info, id);
    });
  }
}
