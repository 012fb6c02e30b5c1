/**
 * The garbage collector's background cascade: an object whose every ownerReference points
 * at an owner that no longer exists (by uid, not just name) is deleted shortly after —
 * whether the owner went away or never existed. Like the real collector, it deletes with a
 * uid precondition, so a newer object that took the same name is left alone.
 */
import type { KubeObject, ObjectStore, StoreChange } from './object-store.js';

/** Resources the stand-in serves, by the kind an ownerReference names. */
const RESOURCE_OF_KIND: Record<string, string> = { Pod: 'pods', Secret: 'secrets' };
/** Dependents collected here. Pods owned by something would need a graceful deletion; none are in Hive's use. */
const DEPENDENT_RESOURCES = ['secrets'];

export class GarbageCollector {
  private readonly unsubscribe: () => void;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: ObjectStore,
    private readonly delayMs = 30,
  ) {
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
  }

  close(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
  }

  private onChange(change: StoreChange): void {
    const touchesOwners = change.type === 'DELETED' || (change.object.metadata.ownerReferences?.length ?? 0) > 0;
    if (!touchesOwners) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.sweep();
    }, this.delayMs);
    this.timers.add(timer);
  }

  private ownerExists(dependent: KubeObject, ref: { kind: string; name: string; uid: string }): boolean {
    const resource = RESOURCE_OF_KIND[ref.kind];
    // An owner of a kind this stand-in does not serve cannot be checked; treat it as present.
    if (!resource) return true;
    return this.store.find(resource, dependent.metadata.namespace, ref.name)?.metadata.uid === ref.uid;
  }

  private sweep(): void {
    for (const resource of DEPENDENT_RESOURCES) {
      for (const object of this.store.list(resource).items) {
        const owners = object.metadata.ownerReferences ?? [];
        if (owners.length === 0 || owners.some((ref) => this.ownerExists(object, ref))) continue;
        const latest = this.store.find(resource, object.metadata.namespace, object.metadata.name);
        if (latest?.metadata.uid === object.metadata.uid) {
          this.store.remove(resource, object.metadata.namespace, object.metadata.name);
        }
      }
    }
  }
}
