import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listAgents } from '../../api/agents.js';
import { ApiRequestError } from '../../api/client.js';
import { fetchProposal } from '../../api/proposals.js';
import type { Proposal } from '../../api/types.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import { proposerName } from '../../components/hive-proposal-list.js';
import '../../components/hive-stale-notice.js';
import '../../components/hive-status-chip.js';
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_TONES,
  PROPOSAL_TARGET_LABELS,
  RISK_LABELS,
  RISK_TONES,
} from '../../format/proposal-labels.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { cardStyles, focusStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import './hive-proposal-content.js';

/**
 * One proposal, read-only: what it changes and why, who proposed it, its risk and
 * validation, and the exact content. Approving and rejecting come with the approvals
 * service; until then the page says so rather than offering buttons that do nothing.
 */
@customElement('hive-proposal-panel')
export class HiveProposalPanel extends LitElement {
  static override styles = [
    cardStyles,
    focusStyles,
    stackedPanelStyles,
    css`
      /* One column that never grows past the page: long diff lines scroll inside their block. */
      :host {
        grid-template-columns: minmax(0, 1fr);
      }
      .back {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        min-height: var(--hive-touch);
        padding-right: 0.5rem;
        color: var(--hive-link);
        font-weight: 600;
        text-decoration: none;
        justify-self: start;
      }
      .back:hover {
        text-decoration: underline;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.5rem 1rem;
        margin: 0;
      }
      @media (max-width: 480px) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          gap: 0.125rem;
        }
        dd + dt {
          margin-top: 0.5rem;
        }
      }
      dt {
        color: var(--hive-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .mono {
        font-family: var(--hive-mono);
        font-size: 0.875rem;
      }
      ul.reasons {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .rationale {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      pre.validation {
        margin: 0;
        padding: 0.75rem;
        overflow-x: auto;
        background: var(--hive-surface-raised);
        border-radius: var(--hive-radius-small);
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
      }
      .muted {
        color: var(--hive-text-muted);
      }
      a.link {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        color: var(--hive-link);
        font-weight: 600;
      }
    `,
  ];

  /** From the URL: `/approvals/<id>`. */
  @property({ attribute: 'proposal-id' }) proposalId = '';

  private readonly proposal = new Task(this, {
    task: ([id], { signal }) => fetchProposal(id, signal),
    args: () => [this.proposalId] as const,
  });

  /** Agent names, to say which agent proposed it; the page works without them. */
  private readonly agents = new Task(this, {
    task: async (_args: readonly [], { signal }) => {
      const page = await listAgents({ limit: 200 }, signal);
      return new Map(page.items.map((agent) => [agent.id, agent.name] as const));
    },
    args: () => [] as const,
  });

  override render() {
    return html`<a class="back" href="/approvals"><hive-icon name="chevron-left"></hive-icon>All proposals</a>
      ${this.proposal.render({
        pending: () =>
          this.proposal.value ? this.renderProposal(this.proposal.value) : html`<hive-loading label="Loading the proposal…"></hive-loading>`,
        complete: (proposal) => this.renderProposal(proposal),
        error: (error) => this.renderError(error),
      })}`;
  }

  private renderError(error: unknown) {
    // A malformed id is refused by validation (422); a well-formed unknown one is a 404.
    if (error instanceof ApiRequestError && (error.status === 404 || error.status === 422)) {
      return html`<hive-page-header heading="Proposal not found"></hive-page-header>
        <hive-empty-state heading="There is no proposal ${this.proposalId}" icon="search">
          <p>It may have been mistyped, or the link is from another Hive.</p>
        </hive-empty-state>`;
    }
    return html`<hive-page-header heading="Proposal"></hive-page-header>
      <hive-error-state heading="Couldn't load the proposal" .error=${error} @hive-retry=${() => void this.proposal.run()}></hive-error-state>`;
  }

  private renderProposal(proposal: Proposal) {
    const now = Date.now();
    const agentNames = this.agents.value ?? new Map<string, string>();
    const busy = this.proposal.status === TaskStatus.PENDING;
    return html`<hive-page-header
        heading=${proposal.title}
        description="${PROPOSAL_KIND_LABELS[proposal.kind]} proposal for ${proposal.target}"
      ></hive-page-header>
      <hive-stale-notice .data=${proposal}></hive-stale-notice>
      <div class="chips" aria-busy=${busy ? 'true' : 'false'}>
        <hive-status-chip status=${proposal.state} tone=${PROPOSAL_STATE_TONES[proposal.state]}></hive-status-chip>
        ${proposal.riskLevel
          ? html`<hive-status-chip label=${RISK_LABELS[proposal.riskLevel]} tone=${RISK_TONES[proposal.riskLevel]}></hive-status-chip>`
          : html`<hive-status-chip label="Risk not assessed yet" tone="muted"></hive-status-chip>`}
      </div>
      <hive-coming-soon heading="Approving and rejecting come in a later release">
        <p>
          For now this page is for reading. An approver will approve or reject here, bound to the content hash below, so
          what is applied is exactly what was reviewed.
        </p>
      </hive-coming-soon>
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl>
          <dt>State</dt>
          <dd>${stateSentence(proposal)}</dd>
          <dt>Kind</dt>
          <dd>${PROPOSAL_KIND_LABELS[proposal.kind]}</dd>
          <dt>${PROPOSAL_TARGET_LABELS[proposal.kind]}</dt>
          <dd class="mono">${proposal.target}</dd>
          <dt>Base</dt>
          <dd class="mono">${proposal.baseRef}</dd>
          <dt>Proposed by</dt>
          <dd>
            ${proposal.proposerAgentId
              ? html`<a class="link" href=${`/agents/${proposal.proposerAgentId}`}>${proposerName(proposal, agentNames)}</a> (agent)`
              : proposerName(proposal, agentNames)}
          </dd>
          <dt>Proposed</dt>
          <dd>${renderTimeAgo(proposal.createdAt, now)} · ${formatDateTime(proposal.createdAt)}</dd>
          <dt>Last change</dt>
          <dd>${renderTimeAgo(proposal.updatedAt, now)}</dd>
          <dt>Risk</dt>
          <dd>
            ${proposal.riskLevel ? RISK_LABELS[proposal.riskLevel] : html`<span class="muted">Not assessed yet</span>`}
            ${proposal.riskReasons.length > 0
              ? html`<ul class="reasons">
                  ${proposal.riskReasons.map((reason) => html`<li>${reason}</li>`)}
                </ul>`
              : nothing}
          </dd>
          <dt>Content hash</dt>
          <dd class="mono">${proposal.contentHash}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="rationale-heading">
        <h2 id="rationale-heading">Rationale</h2>
        <p class="rationale">${proposal.rationale}</p>
      </section>
      <section class="card" aria-labelledby="validation-heading">
        <h2 id="validation-heading">Validation</h2>
        ${proposal.validation
          ? html`<pre class="validation" tabindex="0" aria-label="Validation result">${JSON.stringify(proposal.validation, null, 2)}</pre>`
          : html`<p class="muted">Not validated yet. The repository's checks run in a sandbox before a proposal waits for approval.</p>`}
      </section>
      <section class="card" aria-labelledby="content-heading">
        <h2 id="content-heading">${CONTENT_HEADINGS[proposal.kind]}</h2>
        <hive-proposal-content .kind=${proposal.kind} .content=${proposal.content}></hive-proposal-content>
      </section>`;
  }
}

const CONTENT_HEADINGS: Record<Proposal['kind'], string> = {
  code_patch: 'Diff',
  prompt: 'New prompt',
  config: 'New config document',
};

function stateSentence(proposal: Proposal): string {
  switch (proposal.state) {
    case 'proposed':
      return 'Proposed — waiting to be validated';
    case 'validating':
      return 'Validating — its checks are running';
    case 'awaiting_approval':
      return 'Waiting for approval';
    default:
      return proposal.state.charAt(0).toUpperCase() + proposal.state.slice(1).replace(/_/g, ' ');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-proposal-panel': HiveProposalPanel;
  }
}
