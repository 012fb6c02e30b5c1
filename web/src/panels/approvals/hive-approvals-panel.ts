import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listAgents } from '../../api/agents.js';
import { listProposals } from '../../api/proposals.js';
import type { ProposalPage } from '../../api/types.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import type { FilterSelect } from '../../components/hive-list-filters.js';
import '../../components/hive-list-filters.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-pagination.js';
import '../../components/hive-proposal-list.js';
import '../../components/hive-stale-notice.js';
import { humanize } from '../../format/labels.js';
import { PROPOSAL_KINDS, PROPOSAL_KIND_LABELS, PROPOSAL_STATES } from '../../format/proposal-labels.js';
import { PAGE_SIZE } from '../../router/list-query.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { buttonStyles } from '../../styles/shared-styles.js';
import { ALL_STATES, DEFAULT_STATE, isFiltered, readProposalQuery, stateParam } from './proposal-query.js';

const PATH = '/approvals';

/**
 * The approvals inbox: proposals to change code, prompts or configuration, by default
 * the ones waiting for a person, filterable by state, kind and proposing agent. Each
 * row opens the proposal's own page (hive-proposal-panel).
 */
@customElement('hive-approvals-panel')
export class HiveApprovalsPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      .results[aria-busy='true'] {
        opacity: 0.6;
        transition: opacity 0.2s;
      }
    `,
  ];

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  /** Agents, for the proposer filter and to name proposers; the inbox works without them. */
  private readonly agents = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      const page = await listAgents({ limit: 200 }, signal);
      return new Map(page.items.map((agent) => [agent.id, agent.name] as const));
    },
    args: () => [] as const,
  });

  private readonly page = new Task(this, {
    task: ([state, kind, proposer, offset], { signal }) =>
      listProposals(
        { state: state ?? undefined, kind: kind ?? undefined, proposerAgentId: proposer ?? undefined, limit: PAGE_SIZE, offset },
        signal,
      ),
    args: () => {
      const filters = readProposalQuery(this.query);
      return [filters.state, filters.kind, filters.proposer, filters.offset] as const;
    },
  });

  override render() {
    const filters = readProposalQuery(this.query);
    const agentNames = this.agents.value ?? new Map<string, string>();
    const selects: FilterSelect[] = [
      { key: 'state', label: 'State', anyLabel: 'All states', options: PROPOSAL_STATES.map((state) => ({ value: state, label: humanize(state) })) },
      { key: 'kind', label: 'Kind', anyLabel: 'All kinds', options: PROPOSAL_KINDS.map((kind) => ({ value: kind, label: PROPOSAL_KIND_LABELS[kind] })) },
      {
        key: 'proposer',
        label: 'Proposed by',
        anyLabel: 'Anyone',
        options: [...agentNames].map(([id, name]) => ({ value: id, label: name })).sort((a, b) => a.label.localeCompare(b.label)),
      },
    ];
    return html`<hive-page-header
        heading="Approvals"
        description="Changes agents propose to code, prompts and configuration. Nothing is applied until a person approves it."
      ></hive-page-header>
      <hive-list-filters
        .searchable=${false}
        .selects=${selects}
        .values=${{ state: filters.state ?? '', kind: filters.kind ?? '', proposer: filters.proposer ?? '' }}
        @hive-filters-change=${this.onFiltersChange}
      ></hive-list-filters>
      ${this.renderResults(agentNames)}`;
  }

  private renderResults(agentNames: ReadonlyMap<string, string>) {
    const { status, value: page, error } = this.page;
    if (status === TaskStatus.ERROR) {
      return html`<hive-error-state heading="Couldn't load proposals" .error=${error} @hive-retry=${() => void this.page.run()}></hive-error-state>`;
    }
    if (!page) return html`<hive-loading label="Loading proposals…"></hive-loading>`;
    return html`<div class="results" aria-busy=${status === TaskStatus.PENDING ? 'true' : 'false'}>
      <hive-stale-notice .data=${page}></hive-stale-notice>
      ${page.items.length === 0
        ? this.renderEmpty(page)
        : html`<hive-proposal-list .proposals=${page.items} .agentNames=${agentNames}></hive-proposal-list>
            <hive-pagination
              noun="proposals"
              noun-singular="proposal"
              .total=${page.total}
              .limit=${page.limit}
              .offset=${page.offset}
              @hive-page-change=${(event: CustomEvent<{ offset: number }>) => this.goToOffset(event.detail.offset)}
            ></hive-pagination>`}
    </div>`;
  }

  private renderEmpty(page: ProposalPage) {
    const filters = readProposalQuery(this.query);
    if (page.total > 0) {
      return html`<hive-empty-state heading="Nothing on this page">
        <p>There are ${page.total} proposals, but not this far down the list.</p>
        <button slot="actions" type="button" @click=${() => this.goToOffset(0)}>Go to the first page</button>
      </hive-empty-state>`;
    }
    const showAll = html`<button slot="actions" type="button" @click=${() => navigate(`${PATH}?state=${ALL_STATES}`)}>
      Show all proposals
    </button>`;
    if (!isFiltered(filters)) {
      return html`<hive-empty-state heading="Nothing waits for approval" icon="approvals">
        <p>Proposals come here once they have been validated. Agents propose changes through the REST API (POST /api/v1/self-modify/propose).</p>
        ${showAll}
      </hive-empty-state>`;
    }
    if (filters.state === null && filters.kind === null && filters.proposer === null) {
      return html`<hive-empty-state heading="No proposals yet" icon="approvals">
        <p>Agents propose changes through the REST API (POST /api/v1/self-modify/propose); they are listed here.</p>
      </hive-empty-state>`;
    }
    return html`<hive-empty-state heading="No proposals match these filters" icon="search">
      <p>Try another state, kind or proposer.</p>
      ${showAll}
    </hive-empty-state>`;
  }

  private readonly onFiltersChange = (event: CustomEvent<Record<string, string>>): void => {
    const changes: Record<string, string | null> = { ...event.detail, offset: null };
    if ('state' in event.detail) changes['state'] = stateParam(event.detail['state'] ?? DEFAULT_STATE);
    navigate(withQuery(PATH, this.query, changes));
  };

  private goToOffset(offset: number): void {
    navigate(withQuery(PATH, this.query, { offset }));
    this.scrollIntoView({ block: 'start' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-approvals-panel': HiveApprovalsPanel;
  }
}
