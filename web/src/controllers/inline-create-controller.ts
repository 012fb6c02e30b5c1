import { ContextConsumer } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import { authContext } from '../state/auth-context.js';
import { canOperate } from '../state/permissions.js';

/**
 * The "New …" flow of a list panel: whether the signed-in user may create (operators and
 * above, read from the auth context), whether the inline form is open, and the row the
 * last submission created, which the panel announces. `onCreated` lets the list reload.
 */
export class InlineCreateController<Item> {
  private readonly auth: ContextConsumer<typeof authContext, ReactiveControllerHost & HTMLElement>;
  private isOpen = false;
  private lastCreated: Item | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onCreated: (item: Item) => void,
  ) {
    // A controller of its own: it re-renders the host whenever the auth state is replaced.
    this.auth = new ContextConsumer(host, { context: authContext, subscribe: true });
  }

  get allowed(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && canOperate(auth.me.user.role);
  }

  get open(): boolean {
    return this.isOpen;
  }

  get created(): Item | null {
    return this.lastCreated;
  }

  show(): void {
    this.isOpen = true;
    this.host.requestUpdate();
  }

  cancel(): void {
    this.isOpen = false;
    this.host.requestUpdate();
  }

  done(item: Item): void {
    this.lastCreated = item;
    this.isOpen = false;
    this.host.requestUpdate();
    this.onCreated(item);
  }
}
