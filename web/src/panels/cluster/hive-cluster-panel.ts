import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { deregisterTarget, fetchCluster, setTargetDraining } from '../../api/cluster.js';
import { describeError } from '../../api/client.js';
import { staleSince } from '../../api/response-cache.js';
import type { ClusterView, RuntimeTarget } from '../../api/types.js';
import '../../components/hive-alert.js';
import { confirmAction } from '../../components/hive-confirm-dialog.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-stale-notice.js';
import { PollingController } from '../../controllers/polling-controller.js';
import { renderTimeAgo } from '../../format/time.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { buttonStyles } from '../../styles/shared-styles.js';
import './hive-register-target-form.js';
import './hive-runtime-target.js';

/** The cluster changes as agents start and stop; ten seconds keeps it current without load. */
const REFRESH_MS = 10_000;

/**
 * Where agents run: each runtime target (this hub's processes, a Docker host, a
 * Kubernetes cluster) with its health, load and agents, refreshed every 10 s while the
 * page is visible and whenever it comes back into view. Admins can drain a target so it
 * takes no new agents, register Docker hosts and Kubernetes clusters, and deregister them
 * (with a confirmation). A refresh that fails keeps the last view and says so.
 */
@customElement('hive-cluster-panel')
export class HiveClusterPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      hive-alert,
      hive-error-state {
        margin-bottom: 1rem;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 1rem;
        margin: 0 0 1rem;
        color: var(--hive-text-muted);
      }
      .register {
        margin-bottom: 1rem;
        padding: 1rem;
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius);
        background: var(--hive-surface-raised);
      }
      .targets {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
        gap: 1rem;
      }
    `,
  ];

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  @state() private view: ClusterView | null = null;
  /** The last load's failure; shown over the previous view when there is one. */
  @state() private error: unknown = null;
  @state() private loadedAt: string | null = null;
  @state() private draining = new Set<string>();
  @state() private notice: { tone: 'success' | 'danger'; text: string } | null = null;
  @state() private registering = false;

  private inFlight: AbortController | null = null;

  constructor() {
    super();
    new PollingController(this, { intervalMs: REFRESH_MS, run: () => void this.refresh() });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.inFlight?.abort();
  }

  /** Loads the cluster again now; live updates can call this too. */
  async refresh(): Promise<void> {
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    try {
      const view = await fetchCluster(request.signal);
      this.view = view;
      this.error = null;
      // A copy from the offline cache carries its own time in the stale notice.
      if (!staleSince(view)) this.loadedAt = new Date().toISOString();
    } catch (error) {
      if (request.signal.aborted) return;
      this.error = error;
    } finally {
      if (this.inFlight === request) this.inFlight = null;
    }
  }

  override render() {
    const isAdmin = this.auth?.status === 'signed-in' && roleAtLeast(this.auth.me.user.role, 'admin');
    return html`<hive-page-header heading="Cluster" description="Where agents run: processes, Docker hosts and Kubernetes clusters.">
        ${isAdmin
          ? html`<button slot="actions" type="button" aria-expanded=${this.registering} @click=${() => (this.registering = !this.registering)}>
              ${this.registering ? 'Close the form' : 'Register a target'}
            </button>`
          : nothing}
        <button slot="actions" type="button" @click=${() => void this.refresh()}>
          <hive-icon name="refresh"></hive-icon>Refresh
        </button>
      </hive-page-header>
      ${this.notice ? html`<hive-alert tone=${this.notice.tone}>${this.notice.text}</hive-alert>` : nothing}
      ${isAdmin && this.registering
        ? html`<section class="register" aria-label="Register a runtime target">
            <hive-register-target-form @hive-target-registered=${this.onRegistered}></hive-register-target-form>
          </section>`
        : nothing}
      ${this.renderBody()}`;
  }

  private readonly onRegistered = async (event: CustomEvent<{ target: RuntimeTarget }>): Promise<void> => {
    this.registering = false;
    this.notice = { tone: 'success', text: `${event.detail.target.name} is registered.` };
    await this.refresh();
  };

  private readonly onDeregisterRequest = async (event: CustomEvent<{ target: RuntimeTarget }>): Promise<void> => {
    const { target } = event.detail;
    const confirmed = await confirmAction({
      heading: `Deregister ${target.name}?`,
      message: 'The hub stops probing it and places no agents there. It is refused while agents run there: drain it and stop or move them first.',
      confirmLabel: 'Deregister',
      danger: true,
    });
    if (!confirmed) return;
    this.draining = new Set([...this.draining, target.id]);
    this.notice = null;
    try {
      await deregisterTarget(target.id);
      this.notice = { tone: 'success', text: `${target.name} is deregistered.` };
      await this.refresh();
    } catch (error) {
      this.notice = { tone: 'danger', text: `Couldn't deregister ${target.name}: ${describeError(error)}` };
    } finally {
      const next = new Set(this.draining);
      next.delete(target.id);
      this.draining = next;
    }
  };

  private renderBody() {
    const view = this.view;
    if (!view) {
      if (this.error) {
        return html`<hive-error-state heading="Couldn't load the cluster" .error=${this.error} @hive-retry=${() => void this.refresh()}></hive-error-state>`;
      }
      return html`<hive-loading label="Loading the cluster…"></hive-loading>`;
    }
    const running = view.targets.reduce((sum, target) => sum + target.running, 0);
    const canDrain = this.auth?.status === 'signed-in' && roleAtLeast(this.auth.me.user.role, 'admin');
    return html`${this.error
        ? html`<hive-alert tone="warning">Couldn't refresh: ${describeError(this.error)} Showing the last view.</hive-alert>`
        : nothing}
      <hive-stale-notice .data=${view}></hive-stale-notice>
      <p class="summary">
        <span>${plural(view.targets.length, 'target')} · ${plural(running, 'agent')} running</span>
        ${this.loadedAt ? html`<span>Updated ${renderTimeAgo(this.loadedAt)}</span>` : nothing}
      </p>
      ${view.targets.length === 0
        ? html`<hive-empty-state heading="No runtime targets" icon="cluster">
            <p>The hub registers its configured runtime as it starts, and admins can register Docker hosts and Kubernetes clusters; none is registered yet.</p>
          </hive-empty-state>`
        : html`<div class="targets">
            ${repeat(
              view.targets,
              (target) => target.id,
              (target) => html`<hive-runtime-target
                .target=${target}
                ?can-drain=${canDrain}
                ?busy=${this.draining.has(target.id)}
                @hive-drain-request=${this.onDrainRequest}
                @hive-deregister-request=${this.onDeregisterRequest}
              ></hive-runtime-target>`,
            )}
          </div>`}`;
  }

  private readonly onDrainRequest = async (event: CustomEvent<{ target: RuntimeTarget; drain: boolean }>): Promise<void> => {
    const { target, drain } = event.detail;
    const confirmed = await confirmAction(
      drain
        ? {
            heading: `Drain ${target.name}?`,
            message: 'No new agents will be placed on it. The agents running there keep running until they stop.',
            confirmLabel: 'Drain',
            danger: true,
          }
        : { heading: `Undrain ${target.name}?`, message: 'New agents can be placed on it again.', confirmLabel: 'Undrain' },
    );
    if (!confirmed) return;
    this.draining = new Set([...this.draining, target.id]);
    this.notice = null;
    try {
      await setTargetDraining(target.id, drain);
      this.notice = { tone: 'success', text: drain ? `${target.name} is draining.` : `${target.name} takes new agents again.` };
      await this.refresh();
    } catch (error) {
      this.notice = { tone: 'danger', text: `Couldn't ${drain ? 'drain' : 'undrain'} ${target.name}: ${describeError(error)}` };
    } finally {
      const next = new Set(this.draining);
      next.delete(target.id);
      this.draining = next;
    }
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-cluster-panel': HiveClusterPanel;
  }
}
