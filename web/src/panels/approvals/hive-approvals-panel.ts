import { Task } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listUsers } from '../../api/users.js';
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
import { LiveController } from '../../controllers/live-controller.js';
import { PROPOSAL_KINDS, PROPOSAL_KIND_LABELS, PROPOSAL_STATES, PROPOSAL_STATE_LABELS, RISK_LABELS, RISK_LEVELS } from '../../format/proposal-labels.js';
import { PAGE_SIZE } from '../../router/list-query.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { fleetSpec } from '../../state/agents.js';
import { authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { proposalPageSpec } from '../../state/proposals.js';
import { buttonStyles } from '../../styles/shared-styles.js';
import { approvalsTabsStyles, renderApprovalsTabs } from './approvals-tabs.js';
import { ALL_STATES, DEFAULT_STATE, isFiltered, proposerParam, readProposalQuery, stateParam, toListQuery } from './proposal-query.js';

const PATH = '/approvals';

/**
 * The approvals inbox: proposals to change code, prompts or configuration, by default
 * the ones waiting for a person, filterable by state, risk, kind and proposer (an agent
 * or a person). Live: proposals appear and change state as the hub reports them. Each
 * row opens the proposal's own page (hive-proposal-panel).
 */
@customElement('hive-approvals-panel')
export class HiveApprovalsPanel extends LitElement {
  static override styles = [
    buttonStyles,
    approvalsTabsStyles,
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

  /** The last page shown, kept on screen while the next one loads. */
  private lastPage: ProposalPage | undefined;

  private readonly auth = new ContextConsumer(this, { context: authContext, subscribe: true });
  private readonly page = new LiveController(this, () => proposalPageSpec(toListQuery(readProposalQuery(this.query), PAGE_SIZE)));
  /** Agents, for the proposer filter and to name proposers; the inbox works without them. */
  private readonly fleet = new LiveController(this, () => fleetSpec);

  /** People, for the proposer filter: the user list is for admins; others see themselves. */
  private readonly users = new Task(this, {
    task: async ([admin], { signal }) => (admin ? (await listUsers(signal)).map((user) => user.username) : []),
    args: () => [this.isAdmin] as const,
  });

  private get isAdmin(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && roleAtLeast(auth.me.user.role, 'admin');
  }

  private get agentNames(): Map<string, string> {
    return new Map((this.fleet.value?.state.items ?? []).map((agent) => [agent.id, agent.name] as const));
  }

  override render() {
    const filters = readProposalQuery(this.query);
    const agentNames = this.agentNames;
    return html`<hive-page-header
        heading="Approvals"
        description="Changes agents propose to code, prompts and configuration. Nothing is applied until a person approves it."
      ></hive-page-header>
      ${renderApprovalsTabs('/approvals')}
      <hive-list-filters
        .searchable=${false}
        .selects=${this.selects(agentNames)}
        .values=${{
          state: filters.state ?? '',
          risk: filters.risk ?? '',
          kind: filters.kind ?? '',
          proposer: filters.proposer ? proposerParam(filters.proposer) : '',
        }}
        @hive-filters-change=${this.onFiltersChange}
      ></hive-list-filters>
      ${this.renderResults(agentNames)}`;
  }

  private selects(agentNames: ReadonlyMap<string, string>): FilterSelect[] {
    const filters = readProposalQuery(this.query);
    const auth = this.auth.value;
    const people = new Set<string>(this.users.value ?? []);
    if (auth?.status === 'signed-in') people.add(auth.me.user.username);
    if (filters.proposer?.kind === 'user') people.add(filters.proposer.username);
    const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
    const agents = [...agentNames].map(([id, name]) => ({ value: proposerParam({ kind: 'agent', id }), label: `${name} (agent)` }));
    if (filters.proposer?.kind === 'agent' && !agentNames.has(filters.proposer.id)) {
      agents.push({ value: filters.proposer.id, label: `Agent ${filters.proposer.id.slice(0, 8)}` });
    }
    const users = [...people].map((username) => ({ value: proposerParam({ kind: 'user', username }), label: `${username} (person)` }));
    return [
      { key: 'state', label: 'State', anyLabel: 'All states', options: PROPOSAL_STATES.map((state) => ({ value: state, label: PROPOSAL_STATE_LABELS[state] })) },
      { key: 'risk', label: 'Risk', anyLabel: 'Any risk', options: RISK_LEVELS.map((risk) => ({ value: risk, label: RISK_LABELS[risk] })) },
      { key: 'kind', label: 'Kind', anyLabel: 'All kinds', options: PROPOSAL_KINDS.map((kind) => ({ value: kind, label: PROPOSAL_KIND_LABELS[kind] })) },
      { key: 'proposer', label: 'Proposed by', anyLabel: 'Anyone', options: [...agents.sort(byLabel), ...users.sort(byLabel)] },
    ];
  }

  private renderResults(agentNames: ReadonlyMap<string, string>) {
    const resource = this.page.value;
    const state = resource?.state;
    if (state?.status === 'error') {
      return html`<hive-error-state heading="Couldn't load proposals" .error=${state.error} @hive-retry=${() => void resource?.reload()}></hive-error-state>`;
    }
    // While another filter's first page loads, the previous rows stay, dimmed.
    const loading = state?.value === undefined;
    const page = state?.value ?? this.lastPage;
    if (!page) return html`<hive-loading label="Loading proposals…"></hive-loading>`;
    this.lastPage = page;
    return html`<div class="results" aria-busy=${loading ? 'true' : 'false'}>
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
        <p>Proposals come here once their checks have run. New ones appear by themselves.</p>
        ${showAll}
      </hive-empty-state>`;
    }
    if (filters.state === null && filters.kind === null && filters.proposer === null && filters.risk === null) {
      return html`<hive-empty-state heading="No proposals yet" icon="approvals">
        <p>Agents propose changes through their tools or the REST API (POST /api/v1/self-modify/propose); they are listed here.</p>
      </hive-empty-state>`;
    }
    return html`<hive-empty-state heading="No proposals match these filters" icon="search">
      <p>Try another state, risk, kind or proposer.</p>
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
