import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Proposal } from '../api/types.js';
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  PROPOSAL_STATE_TONES,
  RISK_LABELS,
  RISK_TONES,
  VALIDATION_LABELS,
  VALIDATION_TONES,
} from '../format/proposal-labels.js';
import { renderTimeAgo } from '../format/time.js';
import { focusStyles } from '../styles/shared-styles.js';
import './hive-icon.js';
import './hive-status-chip.js';

/** Who proposed it: the agent's name when known, else the person's username. */
export function proposerName(proposal: Proposal, agentNames: ReadonlyMap<string, string>): string {
  if (proposal.proposerAgentId) return agentNames.get(proposal.proposerAgentId) ?? `Agent ${proposal.proposerAgentId.slice(0, 8)}`;
  return proposal.proposerUser ?? 'Unknown';
}

/**
 * A page of proposals as a table (title with a conflict marker, kind, target, proposer,
 * state, risk, checks, age). On a
 * narrow container each row folds into a card: the title on its own line, the other
 * cells wrapping under it. The explicit ARIA roles keep the table's semantics when CSS
 * changes its display.
 */
@customElement('hive-proposal-list')
export class HiveProposalList extends LitElement {
  static override styles = [
    focusStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 0;
        background: var(--hive-surface);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius);
      }
      th,
      td {
        padding: 0.25rem 0.75rem;
        text-align: left;
        vertical-align: middle;
        border-bottom: 1px solid var(--hive-border);
      }
      tbody tr:last-child td {
        border-bottom: none;
      }
      th {
        padding-block: 0.625rem;
        color: var(--hive-text-muted);
        font-size: 0.8125rem;
        font-weight: 600;
        white-space: nowrap;
      }
      td {
        overflow-wrap: anywhere;
      }
      .title a {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        color: var(--hive-text);
        font-weight: 650;
        text-decoration: underline;
        text-decoration-color: var(--hive-border-strong);
        text-underline-offset: 3px;
      }
      .title a:hover {
        text-decoration-color: currentColor;
      }
      .muted {
        color: var(--hive-text-muted);
      }
      .mono {
        font-family: var(--hive-mono);
        font-size: 0.875rem;
      }
      .label {
        display: none;
      }
      .conflict {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        margin-left: 0.5rem;
        color: var(--hive-tone-warning-fg);
        font-size: 0.8125rem;
        font-weight: 600;
        white-space: nowrap;
      }
      @container (max-width: 719px) {
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        table {
          border: none;
          background: none;
        }
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        tr {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          gap: 0.25rem 0.75rem;
          margin-bottom: 0.5rem;
          padding: 0.5rem 1rem 0.75rem;
          background: var(--hive-surface);
          border: 1px solid var(--hive-border);
          border-radius: var(--hive-radius);
        }
        td,
        tbody tr:last-child td {
          padding: 0;
          border: none;
        }
        td.title {
          flex: 1 1 100%;
        }
        td:not(.title) {
          font-size: 0.875rem;
        }
        .label {
          display: inline;
          color: var(--hive-text-muted);
        }
      }
    `,
  ];

  @property({ attribute: false }) proposals: readonly Proposal[] = [];
  /** Agent id → name, to show who proposed each change. */
  @property({ attribute: false }) agentNames: ReadonlyMap<string, string> = new Map();

  override render() {
    const now = Date.now();
    return html`<table role="table" aria-label="Proposals">
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col">Title</th>
          <th role="columnheader" scope="col">Kind</th>
          <th role="columnheader" scope="col">Target</th>
          <th role="columnheader" scope="col">Proposer</th>
          <th role="columnheader" scope="col">State</th>
          <th role="columnheader" scope="col">Risk</th>
          <th role="columnheader" scope="col">Checks</th>
          <th role="columnheader" scope="col">Age</th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        ${repeat(
          this.proposals,
          (proposal) => proposal.id,
          (proposal) => html`<tr role="row">
            <td role="cell" class="title">
              <a href=${`/approvals/${proposal.id}`}>${proposal.title}</a>${proposal.conflictsWith.length > 0
                ? html`<span class="conflict"><hive-icon name="alert"></hive-icon>Conflicts with ${proposal.conflictsWith.length}
                    ${proposal.conflictsWith.length === 1 ? 'other' : 'others'}</span>`
                : nothing}
            </td>
            <td role="cell">${PROPOSAL_KIND_LABELS[proposal.kind]}</td>
            <td role="cell"><span class="label">Target </span><span class="mono">${proposal.target}</span></td>
            <td role="cell"><span class="label">By </span>${proposerName(proposal, this.agentNames)}</td>
            <td role="cell">
              <hive-status-chip label=${PROPOSAL_STATE_LABELS[proposal.state]} tone=${PROPOSAL_STATE_TONES[proposal.state]}></hive-status-chip>
            </td>
            <td role="cell">
              ${proposal.riskLevel
                ? html`<hive-status-chip label=${RISK_LABELS[proposal.riskLevel]} tone=${RISK_TONES[proposal.riskLevel]}></hive-status-chip>`
                : html`<span class="muted">Not assessed</span>`}
            </td>
            <td role="cell">
              ${proposal.validation
                ? html`<hive-status-chip
                    label=${VALIDATION_LABELS[proposal.validation.status]}
                    tone=${VALIDATION_TONES[proposal.validation.status]}
                  ></hive-status-chip>`
                : html`<span class="muted">Not checked</span>`}
            </td>
            <td role="cell"><span class="label">Proposed </span>${renderTimeAgo(proposal.createdAt, now)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-proposal-list': HiveProposalList;
  }
}
