/**
 * The stand-in's "etcd": objects by resource, namespace and name, one cluster-wide revision
 * counter that every write bumps (it becomes `metadata.resourceVersion`), and a bounded
 * history of changes so a watch can resume from a resourceVersion — or be told it is too old
 * (410 Expired), as after an etcd compaction.
 *
 * Everything handed in or out is a deep copy: callers can never mutate stored state.
 */
import { randomUUID } from 'node:crypto';
import { alreadyExists, conflict, notFound } from './status.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreChange {
  type: ChangeType;
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED change, so selector watches can turn it into ADDED/DELETED. */
  previous?: KubeObject;
  revision: number;
}

type Listener = (change: StoreChange) => void;

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
const clone = <T>(value: T): T => structuredClone(value);

export class ObjectStore {
  private revision = 1;
  /** Highest revision no longer in history: a watch from before it has expired. */
  private compactedThrough = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreChange[] = [];
  private readonly listeners = new Set<Listener>();
  /** Changes waiting to be told to listeners; a listener that writes must not reorder them. */
  private readonly outbox: StoreChange[] = [];
  private delivering = false;

  constructor(private readonly historyLimit = 2_000) {}

  get currentRevision(): number {
    return this.revision;
  }

  create(resource: string, object: KubeObject): KubeObject {
    const bucket = this.bucket(resource);
    const id = key(object.metadata.namespace, object.metadata.name);
    if (bucket.has(id)) throw alreadyExists(resource, object.metadata.name);
    const stored = clone(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    stored.metadata.resourceVersion = String(++this.revision);
    bucket.set(id, stored);
    this.record({ type: 'ADDED', resource, object: stored, revision: this.revision });
    return clone(stored);
  }

  find(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.bucket(resource).get(key(namespace, name));
    return found && clone(found);
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject {
    const found = this.find(resource, namespace, name);
    if (!found) throw notFound(resource, name);
    return found;
  }

  /**
   * Writes a new version. A resourceVersion in `object` must match the stored one
   * (optimistic concurrency); without one the update is unconditional, as the real server
   * allows for pods and secrets. uid and creationTimestamp cannot change.
   */
  update(resource: string, object: KubeObject): KubeObject {
    const bucket = this.bucket(resource);
    const id = key(object.metadata.namespace, object.metadata.name);
    const previous = bucket.get(id);
    if (!previous) throw notFound(resource, object.metadata.name);
    const wanted = object.metadata.resourceVersion;
    if (wanted && wanted !== previous.metadata.resourceVersion) {
      throw conflict(resource, object.metadata.name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const stored = clone(object);
    stored.metadata.uid = previous.metadata.uid;
    stored.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    stored.metadata.resourceVersion = String(++this.revision);
    bucket.set(id, stored);
    this.record({ type: 'MODIFIED', resource, object: stored, previous: clone(previous), revision: this.revision });
    return clone(stored);
  }

  /** Removes the object for good; the DELETED change carries its last state at a new revision. */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    const bucket = this.bucket(resource);
    const id = key(namespace, name);
    const previous = bucket.get(id);
    if (!previous) throw notFound(resource, name);
    bucket.delete(id);
    const last = clone(previous);
    last.metadata.resourceVersion = String(++this.revision);
    this.record({ type: 'DELETED', resource, object: last, revision: this.revision });
    return clone(last);
  }

  list(resource: string, namespace?: string): { items: KubeObject[]; revision: number } {
    const items = [...this.bucket(resource).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)))
      .map(clone);
    return { items, revision: this.revision };
  }

  /** Changes after `revision`, or 'expired' when history no longer reaches back that far. */
  changesSince(resource: string, revision: number): StoreChange[] | 'expired' {
    if (revision < this.compactedThrough) return 'expired';
    return this.history.filter((c) => c.resource === resource && c.revision > revision).map(clone);
  }

  /** Listeners hear every change synchronously, in revision order (see record). */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test hook: forget all history, as an etcd compaction does; older watches get 410. */
  compact(): void {
    this.compactedThrough = this.revision;
    this.history.length = 0;
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let bucket = this.objects.get(resource);
    if (!bucket) this.objects.set(resource, (bucket = new Map()));
    return bucket;
  }

  /**
   * Listeners hear every change in revision order. One that writes from inside its callback
   * (the kubelet reacting to a deletion) has its change queued behind the current one, so no
   * watcher ever sees revisions out of order.
   */
  private record(change: StoreChange): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) this.compactedThrough = this.history.shift()!.revision;
    this.outbox.push(change);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(clone(next));
          } catch (err) {
            console.error('kube-api stand-in: a store listener failed', err);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
