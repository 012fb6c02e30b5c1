import { consume } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listAgents } from '../../api/agents.js';
import type { Agent } from '../../api/types.js';
import '../../components/hive-agent-list.js';
import '../../components/hive-alert.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import type { FilterSelect } from '../../components/hive-list-filters.js';
import '../../components/hive-list-filters.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-pagination.js';
import { AGENT_STATUSES, AGENT_TYPES, AGENT_TYPE_LABELS, humanize } from '../../format/labels.js';
import { PAGE_SIZE, hasFilters, readListQuery } from '../../router/list-query.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { canOperate } from '../../state/permissions.js';
import { buttonStyles } from '../../styles/shared-styles.js';
import './hive-agent-create-form.js';

const PATH = '/agents';

const FILTERS: readonly FilterSelect[] = [
  {
    key: 'status',
    label: 'Status',
    anyLabel: 'All statuses',
    options: AGENT_STATUSES.map((status) => ({ value: status, label: humanize(status) })),
  },
  {
    key: 'type',
    label: 'Type',
    anyLabel: 'All types',
    options: AGENT_TYPES.map((type) => ({ value: type, label: AGENT_TYPE_LABELS[type] })),
  },
];

/** The fleet: every agent, filterable by status, type and name, a page at a time. */
@customElement('hive-agents-panel')
export class HiveAgentsPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      hive-alert {
        margin-bottom: 1rem;
      }
      .results[aria-busy='true'] {
        opacity: 0.6;
        transition: opacity 0.2s;
      }
    `,
  ];

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  @state() private creating = false;
  @state() private created: Agent | null = null;

  private readonly agents = new Task(this, {
    task: ([q, status, type, offset], { signal }) =>
      listAgents(
        { q: q || undefined, status: status || undefined, type: type || undefined, limit: PAGE_SIZE, offset },
        signal,
      ),
    args: () => {
      const filters = this.filters;
      return [filters.q, filters.status, filters.type, filters.offset] as const;
    },
  });

  private get filters() {
    return readListQuery(this.query, AGENT_STATUSES, AGENT_TYPES);
  }

  private get canCreate(): boolean {
    return this.auth?.status === 'signed-in' && canOperate(this.auth.me.user.role);
  }

  override render() {
    const filters = this.filters;
    return html`<hive-page-header heading="Agents" description="Every agent in the fleet, its type, runtime and state.">
        ${this.canCreate && !this.creating
          ? html`<button slot="actions" type="button" class="primary" @click=${() => (this.creating = true)}>
              <hive-icon name="plus"></hive-icon>New agent
            </button>`
          : nothing}
      </hive-page-header>
      ${this.creating
        ? html`<hive-agent-create-form
            @hive-agent-created=${this.onCreated}
            @hive-form-cancel=${() => (this.creating = false)}
          ></hive-agent-create-form>`
        : nothing}
      ${this.created
        ? html`<hive-alert tone="success">Agent “${this.created.name}” created.</hive-alert>`
        : nothing}
      <hive-list-filters
        searchLabel="Search agents"
        searchPlaceholder="Name"
        .query=${filters.q}
        .selects=${FILTERS}
        .values=${{ status: filters.status, type: filters.type }}
        @hive-filters-change=${(event: CustomEvent<Record<string, string>>) => this.changeFilters(event.detail)}
      ></hive-list-filters>
      ${this.renderResults()}`;
  }

  private renderResults() {
    const { status, value: page, error } = this.agents;
    if (status === TaskStatus.ERROR) {
      return html`<hive-error-state heading="Couldn't load agents" .error=${error} @hive-retry=${() => this.agents.run()}></hive-error-state>`;
    }
    if (!page) return html`<hive-loading label="Loading agents…"></hive-loading>`;
    const busy = status === TaskStatus.PENDING;
    if (page.items.length === 0) return this.renderEmpty(page.total);
    return html`<div class="results" aria-busy=${busy ? 'true' : 'false'}>
      <hive-agent-list .agents=${page.items}></hive-agent-list>
      <hive-pagination
        noun="agents"
        noun-singular="agent"
        .total=${page.total}
        .limit=${page.limit}
        .offset=${page.offset}
        @hive-page-change=${(event: CustomEvent<{ offset: number }>) => this.goToOffset(event.detail.offset)}
      ></hive-pagination>
    </div>`;
  }

  private renderEmpty(total: number) {
    if (total > 0) {
      // The URL points past the last page (agents were removed since the link was made).
      return html`<hive-empty-state heading="Nothing on this page">
        <p>There are ${total} agents, but not this far down the list.</p>
        <button slot="actions" type="button" @click=${() => this.goToOffset(0)}>Go to the first page</button>
      </hive-empty-state>`;
    }
    if (hasFilters(this.filters)) {
      return html`<hive-empty-state heading="No agents match these filters" icon="search">
        <p>Try another status, type or name.</p>
        <button slot="actions" type="button" @click=${this.clearFilters}>Clear filters</button>
      </hive-empty-state>`;
    }
    return html`<hive-empty-state heading="No agents yet" icon="agents">
      <p>
        ${this.canCreate
          ? 'Create one with “New agent”, or through the REST API (POST /api/v1/agents).'
          : 'Agents appear here once an operator creates them or starts a session.'}
      </p>
    </hive-empty-state>`;
  }

  private changeFilters(changes: Record<string, string>): void {
    // A new filter starts again at the first page; typing replaces history, not adds to it.
    navigate(withQuery(PATH, this.query, { ...changes, offset: null }), { replace: 'q' in changes });
  }

  private readonly clearFilters = (): void => {
    navigate(PATH);
  };

  private goToOffset(offset: number): void {
    navigate(withQuery(PATH, this.query, { offset }));
    this.scrollIntoView({ block: 'start' });
  }

  private onCreated(event: CustomEvent<Agent>): void {
    this.created = event.detail;
    this.creating = false;
    void this.agents.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agents-panel': HiveAgentsPanel;
  }
}
