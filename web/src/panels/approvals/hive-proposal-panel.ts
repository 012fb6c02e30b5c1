import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiRequestError, describeError } from '../../api/client.js';
import { approveProposal, fetchProposal, rejectProposal, rollbackProposal } from '../../api/proposals.js';
import { staleSince } from '../../api/response-cache.js';
import type { AuditEntry, ProposalDetail, ProposalReview } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-diff-view.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import { proposerName } from '../../components/hive-proposal-list.js';
import '../../components/hive-stale-notice.js';
import '../../components/hive-status-chip.js';
import '../../components/hive-validation-log.js';
import { APPROVALS_CHANGED_EVENT } from '../../controllers/approvals-count-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { PollingController } from '../../controllers/polling-controller.js';
import type { DiffFile } from '../../format/diff-model.js';
import { diffTexts } from '../../format/line-diff.js';
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  PROPOSAL_STATE_TONES,
  PROPOSAL_TARGET_LABELS,
  RISK_LABELS,
  RISK_TONES,
  VALIDATION_LABELS,
  VALIDATION_TONES,
  shortHash,
} from '../../format/proposal-labels.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { parseUnifiedDiff } from '../../format/unified-diff.js';
import { fleetSpec } from '../../state/agents.js';
import { authContext } from '../../state/auth-context.js';
import { isId } from '../../state/ids.js';
import { proposalSpec, proposalTrailSpec } from '../../state/proposals.js';
import { buttonStyles, cardStyles, focusStyles, stackedPanelStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { detailPageStyles, renderBackLink } from '../detail-page.js';
import { type DecisionMode, askDecision } from './hive-decision-dialog.js';
import './hive-proposal-content.js';
import { type Permission, type ProposalActions, proposalActions } from './proposal-permissions.js';

/** States in which the hub is still working on the proposal: its page polls for the log. */
const WORKING_STATES = new Set(['proposed', 'validating', 'approved', 'applying']);
const POLL_MS = 3000;

/**
 * One proposal, live: what it changes (a diff, side by side or unified) and why, who
 * proposed it, its risk with reasons, conflicts, the validation log, reviews, how it was
 * applied and its audit trail. Approvers approve or reject it here (bound to the hash of
 * exactly what is displayed) and roll back an applied one.
 */
@customElement('hive-proposal-panel')
export class HiveProposalPanel extends LitElement {
  static override styles = [
    buttonStyles,
    cardStyles,
    focusStyles,
    stackedPanelStyles,
    detailPageStyles,
    visuallyHiddenStyles,
    css`
      /* One column that never grows past the page: long diff lines scroll inside their block. */
      :host {
        grid-template-columns: minmax(0, 1fr);
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
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
      .mono {
        font-family: var(--hive-mono);
        font-size: 0.875rem;
      }
      .muted {
        color: var(--hive-text-muted);
      }
      ul.reasons {
        margin: 0.5rem 0 0;
        padding-left: 1.25rem;
      }
      .rationale {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .decide {
        display: grid;
        gap: 0.5rem;
        padding: 0.75rem 1rem;
        background: var(--hive-surface);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius);
        box-shadow: var(--hive-shadow);
      }
      .decide .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      .decide p {
        margin: 0;
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
      /*
       * On a phone a decision this person can make stays at hand: a bar fixed to the bottom
       * of the screen (early in the page's order, so the keyboard reaches it right after the
       * summary). When nothing can be done here, the reason stays inline and hides nothing.
       */
      @media (max-width: 600px) {
        :host([decision-bar-fixed]) {
          padding-bottom: 6rem;
        }
        .decide.fixed {
          position: fixed;
          left: 0;
          right: 0;
          bottom: 0;
          z-index: 2;
          padding-bottom: max(0.75rem, env(safe-area-inset-bottom));
          border-radius: var(--hive-radius) var(--hive-radius) 0 0;
          border-bottom: none;
        }
        .decide .buttons button {
          flex: 1 1 0;
        }
        /* Every pixel of the bar hides the page: the general hint goes, reasons stay. */
        .decide.fixed p.hint {
          display: none;
        }
      }
      .hash {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .hash button {
        min-height: var(--hive-touch);
      }
      ol.trail,
      ol.reviews,
      ul.conflicts {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
      }
      ol.trail li,
      ol.reviews li,
      ul.conflicts li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--hive-border);
      }
      ol.trail li:last-child,
      ol.reviews li:last-child,
      ul.conflicts li:last-child {
        border-bottom: none;
      }
      .who {
        font-weight: 600;
      }
      .comment {
        flex: 1 1 100%;
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      ul.conflicts a {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        font-weight: 600;
      }
      details.raw summary {
        font-weight: 600;
      }
      .health-ok {
        color: var(--hive-tone-success-fg);
        font-weight: 600;
      }
      .health-bad {
        color: var(--hive-tone-danger-fg);
        font-weight: 600;
      }
    `,
  ];

  /** From the URL: `/approvals/<id>`. */
  @property({ attribute: 'proposal-id' }) proposalId = '';

  private readonly auth = new ContextConsumer(this, { context: authContext, subscribe: true });
  private readonly detail = new LiveController(this, () => (isId(this.proposalId) ? proposalSpec(this.proposalId) : null));
  private readonly trail = new LiveController(this, () => (isId(this.proposalId) ? proposalTrailSpec(this.proposalId) : null));
  /** Agent names, to say which agent proposed it; the page works without them. */
  private readonly fleet = new LiveController(this, () => fleetSpec);

  /** While the hub works on it (validating, applying), the log grows without an event for each line. */
  private readonly polling = new PollingController(this, {
    intervalMs: POLL_MS,
    run: () => void this.detail.value?.reload(),
    enabled: () => WORKING_STATES.has(this.current?.state ?? ''),
  });

  /** Titles and states of the proposals this one conflicts with. */
  private readonly conflicts = new Task(this, {
    task: ([ids], { signal }) =>
      Promise.all(ids.split(',').filter(Boolean).map((id) => fetchProposal(id, signal).catch(() => ({ id, missing: true as const })))),
    args: () => [this.current?.conflictsWith.join(',') ?? ''] as const,
  });

  /** A decision on its way to the hub. */
  @state() private busy: DecisionMode | null = null;
  /** The outcome of the last decision (or why the hub refused it). */
  @state() private outcome: { tone: 'success' | 'warning' | 'danger'; heading: string; message: string } | null = null;
  /** The content hash changed while the page was open: the one shown before. */
  @state() private changedFrom: string | null = null;
  @state() private copied = false;
  private seenHash: string | null = null;
  /**
   * Memo of the diff files for the content shown, keyed by what they are parsed from: the
   * content hash (kind, target, base and content) and the text it is compared with. A poll
   * brings a new object with the same content; the same array then spares the diff view a
   * re-parse and re-highlight every few seconds.
   */
  private diffMemo: { contentHash: string; previousContent: string | null; files: DiffFile[] } | null = null;

  private get current(): ProposalDetail | undefined {
    return this.detail.value?.state.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proposalId')) {
      this.seenHash = null;
      this.changedFrom = null;
      this.outcome = null;
    }
    const hash = this.current?.contentHash ?? null;
    if (hash !== null && this.seenHash !== null && hash !== this.seenHash) this.changedFrom = this.seenHash;
    if (hash !== null) this.seenHash = hash;
    // The page keeps room at its foot only for a bar fixed there (phones).
    const proposal = this.current;
    const fixed = proposal !== undefined && isId(this.proposalId) && this.barFixed(proposal, this.actionsFor(proposal));
    this.toggleAttribute('decision-bar-fixed', fixed);
  }

  override render() {
    if (!isId(this.proposalId)) return this.renderNotFound();
    const resource = this.detail.value;
    const state = resource?.state;
    const proposal = state?.value;
    if (!proposal) {
      if (state?.status === 'error') {
        if (state.error instanceof ApiRequestError && (state.error.status === 404 || state.error.status === 422)) return this.renderNotFound();
        return html`${renderBackLink('/approvals', 'All proposals')}
          <hive-page-header heading="Proposal"></hive-page-header>
          <hive-error-state heading="Couldn't load the proposal" .error=${state.error} @hive-retry=${() => void resource?.reload()}></hive-error-state>`;
      }
      return html`${renderBackLink('/approvals', 'All proposals')}<hive-loading label="Loading the proposal…"></hive-loading>`;
    }
    return this.renderProposal(proposal);
  }

  private renderNotFound() {
    return html`${renderBackLink('/approvals', 'All proposals')}
      <hive-page-header heading="Proposal not found"></hive-page-header>
      <hive-empty-state heading="There is no proposal ${this.proposalId}" icon="search">
        <p>It may have been mistyped, or the link is from another Hive.</p>
      </hive-empty-state>`;
  }

  private actionsFor(proposal: ProposalDetail): ProposalActions | null {
    const auth = this.auth.value;
    if (auth?.status !== 'signed-in') return null;
    const offline = auth.offline || staleSince(proposal) !== null;
    return proposalActions(proposal, { username: auth.me.user.username, role: auth.me.user.role, offline });
  }

  private renderProposal(proposal: ProposalDetail) {
    const now = Date.now();
    const agentNames = new Map((this.fleet.value?.state.items ?? []).map((agent) => [agent.id, agent.name] as const));
    return html`${renderBackLink('/approvals', 'All proposals')}
      <hive-page-header heading=${proposal.title} description="${PROPOSAL_KIND_LABELS[proposal.kind]} proposal for ${proposal.target}"></hive-page-header>
      <hive-stale-notice .data=${proposal}></hive-stale-notice>
      <div class="chips">
        <hive-status-chip label=${PROPOSAL_STATE_LABELS[proposal.state]} tone=${PROPOSAL_STATE_TONES[proposal.state]}></hive-status-chip>
        ${proposal.riskLevel
          ? html`<hive-status-chip label=${RISK_LABELS[proposal.riskLevel]} tone=${RISK_TONES[proposal.riskLevel]}></hive-status-chip>`
          : html`<hive-status-chip label="Risk not assessed yet" tone="muted"></hive-status-chip>`}
        ${proposal.validation
          ? html`<hive-status-chip label=${VALIDATION_LABELS[proposal.validation.status]} tone=${VALIDATION_TONES[proposal.validation.status]}></hive-status-chip>`
          : nothing}
        ${proposal.conflictsWith.length > 0
          ? html`<hive-status-chip label="Conflicts with ${proposal.conflictsWith.length} other${proposal.conflictsWith.length === 1 ? '' : 's'}" tone="warning"></hive-status-chip>`
          : nothing}
      </div>
      ${this.renderOutcome()} ${this.renderChanged(proposal)} ${this.renderDecisionBar(proposal)}
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl>
          <dt>State</dt>
          <dd>${stateSentence(proposal)}</dd>
          <dt>${PROPOSAL_TARGET_LABELS[proposal.kind]}</dt>
          <dd class="mono">${proposal.target}</dd>
          <dt>Base</dt>
          <dd class="mono">${proposal.baseRef}</dd>
          <dt>Proposed by</dt>
          <dd>
            ${proposal.proposerAgentId
              ? html`<a href=${`/agents/${proposal.proposerAgentId}`}>${proposerName(proposal, agentNames)}</a> (agent)`
              : html`${proposerName(proposal, agentNames)} (person)`}
          </dd>
          <dt>Proposed</dt>
          <dd>${renderTimeAgo(proposal.createdAt, now)} · ${formatDateTime(proposal.createdAt)}</dd>
          <dt>Last change</dt>
          <dd>${renderTimeAgo(proposal.updatedAt, now)}</dd>
          <dt>Content hash</dt>
          <dd class="hash">
            <code title=${proposal.contentHash}>${shortHash(proposal.contentHash)}</code>
            <button type="button" class="quiet" @click=${() => void this.copyHash(proposal.contentHash)} aria-label="Copy the full content hash">
              <hive-icon name="copy"></hive-icon>${this.copied ? 'Copied' : 'Copy'}
            </button>
            <span class="visually-hidden" role="status">${this.copied ? 'Content hash copied' : ''}</span>
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="rationale-heading">
        <h2 id="rationale-heading">Rationale</h2>
        <p class="rationale">${proposal.rationale}</p>
      </section>
      <section class="card" aria-labelledby="risk-heading">
        <h2 id="risk-heading">Risk</h2>
        ${proposal.riskLevel
          ? html`<hive-status-chip label=${RISK_LABELS[proposal.riskLevel]} tone=${RISK_TONES[proposal.riskLevel]}></hive-status-chip>`
          : html`<p class="muted">Not assessed yet: the risk is computed with the validation.</p>`}
        ${proposal.riskReasons.length > 0
          ? html`<ul class="reasons">
              ${proposal.riskReasons.map((reason) => html`<li>${reason}</li>`)}
            </ul>`
          : proposal.riskLevel
            ? html`<p class="muted">No particular reasons.</p>`
            : nothing}
      </section>
      ${proposal.conflictsWith.length > 0 ? this.renderConflicts(proposal) : nothing}
      <section class="card" aria-labelledby="validation-heading">
        <h2 id="validation-heading">Validation</h2>
        <hive-validation-log .validation=${proposal.validation} ?running=${proposal.state === 'validating'}></hive-validation-log>
      </section>
      <section class="card" aria-labelledby="content-heading">
        <h2 id="content-heading">${CONTENT_HEADINGS[proposal.kind]}</h2>
        ${this.renderChange(proposal)}
      </section>
      ${this.renderReviews(proposal.reviews)} ${proposal.application ? this.renderApplication(proposal) : nothing}
      <section class="card" aria-labelledby="trail-heading">
        <h2 id="trail-heading">Audit trail</h2>
        ${this.renderTrail()}
      </section>`;
  }

  private renderOutcome() {
    if (!this.outcome) return nothing;
    return html`<hive-alert id="decision-outcome" tabindex="-1" tone=${this.outcome.tone} role=${this.outcome.tone === 'success' ? 'status' : 'alert'}>
      <span><strong>${this.outcome.heading}</strong> ${this.outcome.message}</span>
    </hive-alert>`;
  }

  private renderChanged(proposal: ProposalDetail) {
    if (this.changedFrom === null) return nothing;
    return html`<hive-alert tone="warning">
      <span>
        <strong>This proposal changed while you had it open.</strong> It was ${shortHash(this.changedFrom)}; it is now
        ${shortHash(proposal.contentHash)}. What you see below is the new version: review it before deciding.
      </span>
    </hive-alert>`;
  }

  /** Whether the decision bar is fixed to the bottom on a phone: only when this person can act. */
  private barFixed(proposal: ProposalDetail, actions: ProposalActions | null): boolean {
    if (!actions || proposal.state === 'rejected' || proposal.state === 'rolled_back') return false;
    if (proposal.state === 'applied') return actions.rollback.allowed;
    return actions.approve.allowed || actions.reject.allowed;
  }

  /** The approve/reject (or rollback) bar: fixed at the bottom on a phone when an action is allowed. */
  private renderDecisionBar(proposal: ProposalDetail) {
    const actions = this.actionsFor(proposal);
    if (!actions || proposal.state === 'rejected' || proposal.state === 'rolled_back') return nothing;
    const busy = this.busy !== null;
    const bar = this.barFixed(proposal, actions) ? 'decide fixed' : 'decide';
    if (proposal.state === 'applied') {
      return html`<div class=${bar} role="region" aria-label="Decision">
        <div class="buttons">
          <button type="button" class="danger" ?disabled=${!actions.rollback.allowed || busy} aria-describedby="decide-reason" @click=${() => void this.decide('rollback', proposal)}>
            ${this.busy === 'rollback' ? 'Rolling back…' : 'Roll back'}
          </button>
        </div>
        <p id="decide-reason" class=${actions.rollback.allowed ? 'hint' : ''}>
          ${actions.rollback.allowed ? 'Reverts this change and records a new checkpoint.' : actions.rollback.reason}
        </p>
      </div>`;
    }
    return html`<div class=${bar} role="region" aria-label="Decision">
      <div class="buttons">
        <button type="button" class="primary" ?disabled=${!actions.approve.allowed || busy} aria-describedby="decide-reason" @click=${() => void this.decide('approve', proposal)}>
          ${this.busy === 'approve' ? 'Approving…' : actions.approveNeedsOverride ? 'Approve (override)…' : 'Approve…'}
        </button>
        <button type="button" ?disabled=${!actions.reject.allowed || busy} aria-describedby="decide-reason" @click=${() => void this.decide('reject', proposal)}>
          ${this.busy === 'reject' ? 'Rejecting…' : 'Reject…'}
        </button>
      </div>
      <p id="decide-reason" class=${actions.approve.allowed && actions.reject.allowed && !actions.approveNeedsOverride ? 'hint' : ''}>
        ${reasonLine(actions.approve, actions.reject, actions.approveNeedsOverride)}
      </p>
    </div>`;
  }

  private async decide(mode: DecisionMode, proposal: ProposalDetail): Promise<void> {
    // Exactly what is on screen now is what the decision names.
    const contentHash = proposal.contentHash;
    const actions = this.actionsFor(proposal);
    const decision = await askDecision({
      mode,
      proposalTitle: proposal.title,
      shortHash: shortHash(contentHash),
      overrideRequired: mode === 'approve' && actions?.approveNeedsOverride === true,
    });
    if (!decision) return;
    this.busy = mode;
    this.outcome = null;
    try {
      if (mode === 'approve') {
        const result = await approveProposal(proposal.id, {
          contentHash,
          ...(decision.comment ? { comment: decision.comment } : {}),
          ...(decision.override ? { override: true } : {}),
        });
        this.outcome = {
          tone: 'success',
          heading: 'Approved.',
          message: result.state === 'approved' || result.state === 'applying' ? 'It is being applied; this page follows it.' : `It is ${PROPOSAL_STATE_LABELS[result.state].toLowerCase()} now.`,
        };
      } else if (mode === 'reject') {
        await rejectProposal(proposal.id, { contentHash, comment: decision.comment });
        this.outcome = { tone: 'success', heading: 'Rejected.', message: 'The proposer can read your reason.' };
      } else {
        await rollbackProposal(proposal.id, decision.comment ? { reason: decision.comment } : {});
        this.outcome = { tone: 'success', heading: 'Rolled back.', message: 'The previous state is restored and recorded in the history.' };
      }
      window.dispatchEvent(new Event(APPROVALS_CHANGED_EVENT));
    } catch (error) {
      this.outcome = refusal(error, contentHash);
    } finally {
      this.busy = null;
      // Whatever happened, show the proposal as the hub has it now.
      void this.detail.value?.reload();
      void this.trail.value?.reload();
    }
    // The button pressed is now disabled or gone, which would drop focus to <body>: the
    // keyboard (and a screen reader) continues from the outcome instead.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#decision-outcome')?.focus();
  }

  private async copyHash(hash: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(hash);
      this.copied = true;
      window.setTimeout(() => (this.copied = false), 2000);
    } catch {
      this.outcome = { tone: 'warning', heading: 'Could not copy.', message: `The full hash is ${hash}.` };
    }
  }

  private renderConflicts(proposal: ProposalDetail) {
    const others = this.conflicts.value;
    return html`<section class="card" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">Conflicts</h2>
      <p class="muted">These open proposals change the same lines of ${proposal.target}. Applying one may make the other fail.</p>
      <ul class="conflicts">
        ${proposal.conflictsWith.map((id) => {
          const other = others?.find((candidate) => candidate.id === id);
          const title = other && !('missing' in other) ? other.title : `Proposal ${id.slice(0, 8)}`;
          return html`<li>
            <a href=${`/approvals/${id}`}>${title}</a>
            ${other && !('missing' in other)
              ? html`<hive-status-chip label=${PROPOSAL_STATE_LABELS[other.state]} tone=${PROPOSAL_STATE_TONES[other.state]}></hive-status-chip>`
              : nothing}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  private diffFiles(proposal: ProposalDetail): DiffFile[] {
    const memo = this.diffMemo;
    if (memo && memo.contentHash === proposal.contentHash && memo.previousContent === proposal.previousContent) return memo.files;
    const files =
      proposal.kind === 'code_patch'
        ? parseUnifiedDiff(proposal.content)
        : [diffTexts(proposal.target, isNewDocument(proposal) ? null : proposal.previousContent, proposal.content)];
    this.diffMemo = { contentHash: proposal.contentHash, previousContent: proposal.previousContent, files };
    return files;
  }

  private renderChange(proposal: ProposalDetail) {
    const files = this.diffFiles(proposal);
    const raw = html`<hive-proposal-content .kind=${proposal.kind} .content=${proposal.content}></hive-proposal-content>`;
    if (files.length === 0) {
      return html`<p class="muted">This content could not be read as a diff; here it is as submitted.</p>
        ${raw}`;
    }
    const label = `Changes to ${proposal.target}`;
    return html`${proposal.kind !== 'code_patch'
        ? html`<p class="muted">
            ${isNewDocument(proposal)
              ? 'A new document: every line is added.'
              : html`Compared with the version it was written against (${proposal.baseRef}).`}
          </p>`
        : nothing}
      <hive-diff-view
        .files=${files}
        .stat=${proposal.diffStat}
        label=${label}
        noun=${proposal.kind === 'code_patch' ? 'file' : 'document'}
      ></hive-diff-view>
      <details class="raw">
        <summary>${proposal.kind === 'code_patch' ? 'The diff as submitted' : 'The new text in full'}</summary>
        ${raw}
      </details>`;
  }

  private renderReviews(reviews: readonly ProposalReview[]) {
    return html`<section class="card" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews</h2>
      ${reviews.length === 0
        ? html`<p class="muted">Nobody has decided on it yet.</p>`
        : html`<ol class="reviews">
            ${reviews.map(
              (review) => html`<li>
                <hive-status-chip
                  label=${review.decision === 'approved' ? 'Approved' : 'Rejected'}
                  tone=${review.decision === 'approved' ? 'success' : 'danger'}
                ></hive-status-chip>
                <span class="who">${review.ruleId ? `Allow-rule ${review.ruleId.slice(0, 8)}` : review.reviewer}</span>
                <span class="mono" title=${review.contentHash}>${shortHash(review.contentHash)}</span>
                ${review.override ? html`<hive-status-chip label="Override of failed checks" tone="warning"></hive-status-chip>` : nothing}
                <time datetime=${review.createdAt}>${formatDateTime(review.createdAt)}</time>
                ${review.comment ? html`<p class="comment">${review.comment}</p>` : nothing}
              </li>`,
            )}
          </ol>`}
    </section>`;
  }

  private renderApplication(proposal: ProposalDetail) {
    const app = proposal.application!;
    const row = (term: string, value: unknown) => (value === null || value === undefined ? nothing : html`<dt>${term}</dt><dd>${value}</dd>`);
    const mono = (value: string | null) => (value === null ? null : html`<code title=${value}>${shortHash(value)}</code>`);
    return html`<section class="card" aria-labelledby="application-heading">
      <h2 id="application-heading">Application</h2>
      <dl>
        ${row('Branch', app.branch === null ? null : html`<code>${app.branch}</code>`)} ${row('Commit', mono(app.commit))}
        ${row('Merge commit', mono(app.mergeCommit))} ${row('Previous head', mono(app.previousHead))}
        ${row('Version', app.version === null ? null : `${app.version}${app.previousVersion !== null ? ` (was ${app.previousVersion})` : ''}`)}
        ${row('Applied', app.appliedAt === null ? null : `${formatDateTime(app.appliedAt)}${app.appliedBy ? ` by ${app.appliedBy}` : ''}`)}
        ${row(
          'Health check',
          app.health === null ? null : html`<span class=${app.health.ok ? 'health-ok' : 'health-bad'}>${app.health.ok ? 'Passed' : 'Failed'}</span>`,
        )}
        ${row('Rollback commit', mono(app.rollbackCommit))}
        ${row('Rolled back', app.rolledBackAt === null ? null : `${formatDateTime(app.rolledBackAt)}${app.rolledBackBy ? ` by ${app.rolledBackBy}` : ''}`)}
      </dl>
      ${app.health?.output ? html`<pre tabindex="0" aria-label="Health check output">${app.health.output}</pre>` : nothing}
    </section>`;
  }

  private renderTrail(): unknown {
    const resource = this.trail.value;
    const state = resource?.state;
    if (!state || (state.status === 'loading' && state.value === undefined)) return html`<hive-loading label="Loading the audit trail…"></hive-loading>`;
    if (state.status === 'error') {
      return html`<hive-error-state heading="Couldn't load the audit trail" .error=${state.error} @hive-retry=${() => void resource?.reload()}></hive-error-state>`;
    }
    const items = state.value ?? [];
    if (items.length === 0) return html`<p class="muted">Nothing recorded yet.</p>`;
    return html`<ol class="trail">
      ${items.map((entry) => html`<li>${renderAuditEntry(entry)}</li>`)}
    </ol>`;
  }
}

function renderAuditEntry(entry: AuditEntry) {
  const details = entry.details;
  const hash = typeof details['contentHash'] === 'string' ? details['contentHash'] : null;
  const why = ['comment', 'reason', 'stateReason'].map((key) => details[key]).find((value): value is string => typeof value === 'string' && value.length > 0);
  return html`<span class="who">${entry.actor}</span>
    <span>${humanAction(entry.action)}</span>
    ${hash ? html`<span class="mono" title=${hash}>${shortHash(hash)}</span>` : nothing}
    ${details['override'] === true ? html`<hive-status-chip label="Override" tone="warning"></hive-status-chip>` : nothing}
    <time datetime=${entry.createdAt}>${formatDateTime(entry.createdAt)}</time>
    ${why ? html`<p class="comment">${why}</p>` : nothing}`;
}

/** "proposal.approve" → "approve"; "self-modify.rollback" → "rollback". */
function humanAction(action: string): string {
  const last = action.split(/[.:/]/).pop() ?? action;
  return last.replace(/[_-]/g, ' ');
}

function reasonLine(approve: Permission, reject: Permission, override: boolean): string {
  if (approve.allowed && reject.allowed) {
    return override
      ? 'Its checks have not passed: approving takes an explicit override, which is recorded.'
      : 'Your decision names the content hash above: a changed proposal needs a new decision.';
  }
  if (!approve.allowed && !reject.allowed && approve.reason === reject.reason) return approve.reason;
  if (!approve.allowed && reject.allowed) return `Approve: ${approve.reason}`;
  return [approve, reject].flatMap((permission) => (permission.allowed ? [] : [permission.reason])).join(' ');
}

/**
 * How a refused decision is shown. The hub answers 409 for three different things: the
 * content changed (`details.contentHash`: the page now shows the new version), the
 * proposal is no longer awaiting approval (`details.state`: e.g. another approver decided
 * first), or a rollback cannot apply (neither: its message says why).
 */
function refusal(error: unknown, sentHash: string): { tone: 'warning' | 'danger'; heading: string; message: string } {
  if (error instanceof ApiRequestError && error.status === 409) {
    const { contentHash, state } = error.details ?? {};
    if (typeof contentHash === 'string') {
      return {
        tone: 'warning',
        heading: 'Not recorded: the proposal changed.',
        message: `${error.message} You decided on ${shortHash(sentHash)}; the page now shows the current version. Review it and decide again.`,
      };
    }
    if (typeof state === 'string') {
      return { tone: 'warning', heading: `Not recorded: it is already ${humanState(state)}.`, message: 'The page now shows it as the hub has it.' };
    }
    return { tone: 'warning', heading: 'Not recorded.', message: error.message };
  }
  return { tone: 'danger', heading: 'Not recorded.', message: describeError(error) };
}

/** "rolled_back" → "rolled back", from the labels when the state is one this build knows. */
function humanState(state: string): string {
  const label = (PROPOSAL_STATE_LABELS as Partial<Record<string, string>>)[state];
  return (label ?? state.replace(/_/g, ' ')).toLowerCase();
}

/**
 * A prompt or config change with nothing before it: no previous text, or (a new config
 * document, base version 0) an empty one.
 */
function isNewDocument(proposal: ProposalDetail): boolean {
  return proposal.previousContent === null || (proposal.previousContent === '' && proposal.baseRef === '0');
}

const CONTENT_HEADINGS: Record<ProposalDetail['kind'], string> = {
  code_patch: 'Diff',
  prompt: 'Prompt change',
  config: 'Config change',
};

function stateSentence(proposal: ProposalDetail): TemplateResult {
  const sentence = {
    proposed: 'Proposed — waiting to be validated',
    validating: 'Validating — its checks are running',
    awaiting_approval: 'Waiting for approval',
    approved: 'Approved — being applied',
    applying: 'Applying',
    applied: 'Applied',
    rejected: 'Rejected',
    failed: 'Failed',
    rolled_back: 'Rolled back',
  }[proposal.state];
  return html`${sentence}${proposal.stateReason ? html`: <span>${proposal.stateReason}</span>` : nothing}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-proposal-panel': HiveProposalPanel;
  }
}
