import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { liveSessionContext } from '../state/live-context.js';
import type { LiveResource, LiveSpec } from '../state/live-resource.js';
import type { LiveSession } from '../state/live-session.js';

/**
 * An element's hold on a shared live resource (a collection, a value, a progress stream):
 * it acquires the resource that `spec()` names from the LiveSession in the context,
 * re-renders the element whenever the resource changes, follows `spec()` when its key
 * changes (another agent's page, another filter), and lets go when the element leaves
 * the page — the session keeps the resource a grace period longer, so coming back is
 * instant. `spec()` returning null holds nothing.
 */
export class LiveController<R extends LiveResource> implements ReactiveController {
  private readonly session: ContextConsumer<typeof liveSessionContext, ReactiveControllerHost & HTMLElement>;
  private held: { session: LiveSession; key: string; resource: R; unlisten: () => void } | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly spec: () => LiveSpec<R> | null,
  ) {
    this.session = new ContextConsumer(host, { context: liveSessionContext, subscribe: true });
    host.addController(this);
  }

  /** The resource held now; null before the session is there or when `spec()` is null. */
  get value(): R | null {
    this.sync();
    return this.held?.resource ?? null;
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.drop();
  }

  private sync(): void {
    if (!this.connected) return;
    const session = this.session.value ?? null;
    const spec = session ? this.spec() : null;
    if (this.held && this.held.session === session && this.held.key === spec?.key) return;
    this.drop();
    if (!session || !spec) return;
    const resource = session.acquire(spec);
    this.held = { session, key: spec.key, resource, unlisten: resource.listen(() => this.host.requestUpdate()) };
  }

  private drop(): void {
    if (!this.held) return;
    this.held.unlisten();
    this.held.session.release(this.held.key);
    this.held = null;
  }
}
