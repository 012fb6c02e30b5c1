import { ContextConsumer } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { describeError } from '../../api/client.js';
import { rollbackProposal } from '../../api/proposals.js';
import type { HistoryEntry } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-pagination.js';
import '../../components/hive-stale-notice.js';
import '../../components/hive-status-chip.js';
import { APPROVALS_CHANGED_EVENT } from '../../controllers/approvals-count-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { PROPOSAL_KIND_LABELS, shortHash } from '../../format/proposal-labels.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { PAGE_SIZE } from '../../router/list-query.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { historySpec } from '../../state/proposals.js';
import { buttonStyles, cardStyles, stackedPanelStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { settingsListStyles } from '../settings/settings-styles.js';
import { approvalsTabsStyles, renderApprovalsTabs } from './approvals-tabs.js';
import './hive-approval-rules.js';
import { askDecision } from './hive-decision-dialog.js';

const PATH = '/approvals/history';

/**
 * What was applied and rolled back, newest first (live), with a Rollback button on each
 * change that is still applied, for approvers; and the allow-rules below it.
 */
@customElement('hive-approvals-history-panel')
export class HiveApprovalsHistoryPanel extends LitElement {
  static override styles = [
    buttonStyles,
    cardStyles,
    stackedPanelStyles,
    visuallyHiddenStyles,
    approvalsTabsStyles,
    settingsListStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
      }
      nav.tabs {
        margin-bottom: 0;
      }
      .row-name a {
        color: var(--hive-text);
        text-decoration: underline;
        text-decoration-color: var(--hive-border-strong);
        text-underline-offset: 3px;
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
      }
      .reason {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The URL's query parameters, from the router (`offset`). */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly auth = new ContextConsumer(this, { context: authContext, subscribe: true });
  private readonly history = new LiveController(this, () => historySpec(PAGE_SIZE, this.offset));

  @state() private notice: { tone: 'success' | 'danger' | 'warning'; text: string } | null = null;
  @state() private rollingBack = new Set<string>();

  private get offset(): number {
    const offset = Number.parseInt(this.query.get('offset') ?? '0', 10);
    return Number.isFinite(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0;
  }

  private get canRollBack(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && !auth.offline && roleAtLeast(auth.me.user.role, 'approver');
  }

  override render() {
    return html`<hive-page-header
        heading="Approvals"
        description="Changes agents propose to code, prompts and configuration. Nothing is applied until a person approves it."
      ></hive-page-header>
      ${renderApprovalsTabs('/approvals/history')}
      ${this.notice ? html`<hive-alert tone=${this.notice.tone}>${this.notice.text}</hive-alert>` : nothing}
      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        ${this.renderHistory()}
      </section>
      <section class="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Allow-rules</h2>
        <hive-approval-rules></hive-approval-rules>
      </section>`;
  }

  private renderHistory() {
    const resource = this.history.value;
    const state = resource?.state;
    if (state?.status === 'error') {
      return html`<hive-error-state heading="Couldn't load the history" .error=${state.error} @hive-retry=${() => void resource?.reload()}></hive-error-state>`;
    }
    const page = state?.value;
    if (!page) return html`<hive-loading label="Loading the history…"></hive-loading>`;
    if (page.items.length === 0) {
      return page.total > 0
        ? html`<p class="empty">Nothing this far down the list. <a href=${PATH}>Go to the first page</a>.</p>`
        : html`<p class="empty">Nothing has been applied yet. Approved proposals appear here once applied, with a way back.</p>`;
    }
    const now = Date.now();
    return html`<hive-stale-notice .data=${page}></hive-stale-notice>
      <ul class="rows" aria-label="Applied and rolled back changes">
        ${repeat(
          page.items,
          (entry) => entry.checkpointId,
          (entry) => html`<li>
            <div class="row-main">
              <span class="row-name"><a href=${`/approvals/${entry.proposalId}`}>${entry.title}</a></span>
              <hive-status-chip
                label=${entry.action === 'applied' ? 'Applied' : 'Rolled back'}
                tone=${entry.action === 'applied' ? 'success' : 'muted'}
              ></hive-status-chip>
              ${entry.automatic ? html`<hive-status-chip label="Automatic (health check failed)" tone="warning"></hive-status-chip>` : nothing}
            </div>
            <div class="row-meta">
              <span>${PROPOSAL_KIND_LABELS[entry.kind]} · <span class="mono">${entry.target}</span></span>
              ${entry.gitCommit ? renderCommit(entry, entry.gitCommit) : nothing}
              ${entry.version !== null ? html`<span>Version ${entry.version}</span>` : nothing}
              <span>by ${entry.by}</span>
              <span><time datetime=${entry.at} title=${formatDateTime(entry.at)}>${renderTimeAgo(entry.at, now)}</time></span>
            </div>
            ${entry.action === 'rolled_back' && entry.reason ? html`<p class="reason">${entry.reason}</p>` : nothing} ${this.renderRollback(entry)}
          </li>`,
        )}
      </ul>
      <hive-pagination
        noun="entries"
        noun-singular="entry"
        .total=${page.total}
        .limit=${page.limit}
        .offset=${page.offset}
        @hive-page-change=${(event: CustomEvent<{ offset: number }>) => navigate(withQuery(PATH, this.query, { offset: event.detail.offset }))}
      ></hive-pagination>`;
  }

  /** Only the apply of a proposal that is still applied can be rolled back. */
  private renderRollback(entry: HistoryEntry) {
    if (entry.action !== 'applied' || entry.proposalState !== 'applied' || !this.canRollBack) return nothing;
    const busy = this.rollingBack.has(entry.proposalId);
    return html`<div class="row-actions">
      <button type="button" class="danger" ?disabled=${busy} @click=${() => void this.rollback(entry)}>
        ${busy ? 'Rolling back…' : 'Rollback'}<span class="visually-hidden"> ${entry.title}</span>
      </button>
    </div>`;
  }

  private async rollback(entry: HistoryEntry): Promise<void> {
    const decision = await askDecision({ mode: 'rollback', proposalTitle: entry.title, shortHash: '' });
    if (!decision) return;
    this.rollingBack = new Set([...this.rollingBack, entry.proposalId]);
    this.notice = null;
    try {
      await rollbackProposal(entry.proposalId, decision.comment ? { reason: decision.comment } : {});
      this.notice = { tone: 'success', text: `“${entry.title}” rolled back.` };
      window.dispatchEvent(new Event(APPROVALS_CHANGED_EVENT));
    } catch (error) {
      this.notice = { tone: 'danger', text: `Couldn't roll back “${entry.title}”: ${describeError(error)}` };
    } finally {
      const next = new Set(this.rollingBack);
      next.delete(entry.proposalId);
      this.rollingBack = next;
      void this.history.value?.reload();
    }
  }
}

/** An apply's entry names the merge commit it made on the target branch; a rollback's, its revert commit. */
function renderCommit(entry: HistoryEntry, commit: string) {
  const hash = html`<span class="mono" title=${commit}>${shortHash(commit)}</span>`;
  return entry.action === 'applied' ? html`<span>Merge commit ${hash}</span>` : html`<span>Revert commit ${hash}${entry.reason ? ` (${entry.reason})` : ''}</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-approvals-history-panel': HiveApprovalsHistoryPanel;
  }
}
