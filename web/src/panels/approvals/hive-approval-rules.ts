import { ContextConsumer } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { describeError } from '../../api/client.js';
import { createApprovalRule, listApprovalRules, revokeApprovalRule } from '../../api/proposals.js';
import type { ApprovalRule, ProposalKind } from '../../api/types.js';
import '../../components/hive-alert.js';
import { confirmAction } from '../../components/hive-confirm-dialog.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-status-chip.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { PROPOSAL_KINDS, PROPOSAL_KIND_LABELS, PROPOSAL_TARGET_LABELS, RISK_LABELS } from '../../format/proposal-labels.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { buttonStyles, formStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { settingsListStyles } from '../settings/settings-styles.js';

/** Rules never cover high or critical risk (the hub refuses them). */
const RULE_RISKS = ['low', 'medium'] as const;

/**
 * Allow-rules: remembered approvals such as "prompt changes of the QA type by the meta
 * agent under 20 lines". Everyone sees them (they explain approvals by `rule:<id>`);
 * admins create them and revoke them behind a confirmation. Revoked ones stay listed.
 */
@customElement('hive-approval-rules')
export class HiveApprovalRules extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    visuallyHiddenStyles,
    settingsListStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  private readonly auth = new ContextConsumer(this, { context: authContext, subscribe: true });
  private readonly form = new FormController(this, ['description', 'kind', 'target', 'proposerType', 'maxLines', 'maxRisk']);
  private readonly rules = new Task(this, {
    task: (_args: readonly [], { signal }) => listApprovalRules(signal),
    args: () => [] as const,
  });

  @state() private creating = false;
  @state() private kind: ProposalKind = 'prompt';
  @state() private notice: { tone: 'success' | 'danger'; text: string } | null = null;
  @state() private revoking = new Set<string>();

  private get isAdmin(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && !auth.offline && roleAtLeast(auth.me.user.role, 'admin');
  }

  override render() {
    return html`<div class="toolbar">
        <p>
          A rule approves matching proposals by itself: of one kind, optionally one target and one type of proposing agent,
          under a size and at most medium risk. ${this.isAdmin ? nothing : 'Admins create and revoke them.'}
        </p>
        ${this.isAdmin && !this.creating
          ? html`<button type="button" class="primary" @click=${this.openForm}><hive-icon name="plus"></hive-icon>New allow-rule</button>`
          : nothing}
      </div>
      ${this.creating ? this.renderForm() : nothing}
      ${this.notice ? html`<hive-alert tone=${this.notice.tone}>${this.notice.text}</hive-alert>` : nothing}
      ${this.rules.render({
        pending: () => (this.rules.value ? this.renderList(this.rules.value) : html`<hive-loading label="Loading allow-rules…"></hive-loading>`),
        complete: (rules) => this.renderList(rules),
        error: (error) => html`<hive-error-state heading="Couldn't load the allow-rules" .error=${error} @hive-retry=${() => void this.rules.run()}></hive-error-state>`,
      })}`;
  }

  private renderForm() {
    const form = this.form;
    return html`<form class="inline-form" @submit=${this.onSubmit} aria-labelledby="new-rule-heading" novalidate>
      <h3 id="new-rule-heading">New allow-rule</h3>
      ${form.renderError()}
      <div class="field">
        <label for="rule-description">Description</label>
        <input
          id="rule-description"
          name="description"
          required
          maxlength="500"
          autocomplete="off"
          aria-describedby="rule-description-hint rule-description-error"
          aria-invalid=${form.invalid('description')}
        />
        <span class="hint" id="rule-description-hint">What it allows and why, e.g. “Small QA prompt tweaks by the meta agent”.</span>
        ${form.renderIssue('rule-description-error', 'description')}
      </div>
      <div class="fields">
        <div class="field">
          <label for="rule-kind">Kind</label>
          <select id="rule-kind" name="kind" @change=${(event: Event) => (this.kind = (event.target as HTMLSelectElement).value as ProposalKind)}>
            ${PROPOSAL_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === this.kind}>${PROPOSAL_KIND_LABELS[kind]}</option>`)}
          </select>
          ${form.renderIssue('rule-kind-error', 'kind')}
        </div>
        <div class="field">
          <label for="rule-target">${PROPOSAL_TARGET_LABELS[this.kind]} (optional)</label>
          <input id="rule-target" name="target" maxlength="200" autocomplete="off" aria-describedby="rule-target-hint rule-target-error" aria-invalid=${form.invalid('target')} />
          <span class="hint" id="rule-target-hint">Empty: any.</span>
          ${form.renderIssue('rule-target-error', 'target')}
        </div>
        <div class="field">
          <label for="rule-proposer">Proposing agent type (optional)</label>
          <input
            id="rule-proposer"
            name="proposerType"
            maxlength="100"
            autocomplete="off"
            aria-describedby="rule-proposer-hint rule-proposer-error"
            aria-invalid=${form.invalid('proposerType')}
          />
          <span class="hint" id="rule-proposer-hint">e.g. meta. Empty: any agent. People's proposals are never auto-approved.</span>
          ${form.renderIssue('rule-proposer-error', 'proposerType')}
        </div>
        <div class="field">
          <label for="rule-lines">Max changed lines</label>
          <input
            id="rule-lines"
            name="maxLines"
            type="number"
            inputmode="numeric"
            min="1"
            max="10000"
            step="1"
            required
            value="20"
            aria-describedby="rule-lines-error"
            aria-invalid=${form.invalid('maxLines')}
          />
          ${form.renderIssue('rule-lines-error', 'maxLines')}
        </div>
        <div class="field">
          <label for="rule-risk">Max risk</label>
          <select id="rule-risk" name="maxRisk" aria-describedby="rule-risk-error">
            ${RULE_RISKS.map((risk) => html`<option value=${risk}>${RISK_LABELS[risk]}</option>`)}
          </select>
          ${form.renderIssue('rule-risk-error', 'maxRisk')}
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Creating…' : 'Create allow-rule'}</button>
        <button type="button" @click=${() => (this.creating = false)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderList(rules: readonly ApprovalRule[]) {
    if (rules.length === 0) return html`<p class="empty">No allow-rules: every proposal waits for a person.</p>`;
    const now = Date.now();
    return html`<ul class="rows" aria-label="Allow-rules">
      ${repeat(
        rules,
        (rule) => rule.id,
        (rule) => html`<li>
          <div class="row-main">
            <span class="row-name">${rule.description}</span>
            ${rule.revokedAt
              ? html`<hive-status-chip label="Revoked" tone="muted"></hive-status-chip>`
              : html`<hive-status-chip label="Active" tone="success"></hive-status-chip>`}
          </div>
          <div class="row-meta">
            <span>${PROPOSAL_KIND_LABELS[rule.kind]}${rule.target ? html` of <span class="mono">${rule.target}</span>` : ' (any target)'}</span>
            <span>${rule.proposerType ? `by ${rule.proposerType} agents` : 'by any agent'}</span>
            <span>up to ${rule.maxLines} lines</span>
            <span>at most ${RISK_LABELS[rule.maxRisk].toLowerCase()}</span>
            <span>Created by ${rule.createdBy} ${renderTimeAgo(rule.createdAt, now)}</span>
            ${rule.revokedAt
              ? html`<span>Revoked by ${rule.revokedBy ?? 'unknown'} · ${formatDateTime(rule.revokedAt)}</span>`
              : nothing}
          </div>
          ${this.isAdmin && !rule.revokedAt
            ? html`<div class="row-actions">
                <button type="button" ?disabled=${this.revoking.has(rule.id)} @click=${() => void this.revoke(rule)}>
                  ${this.revoking.has(rule.id) ? 'Revoking…' : 'Revoke'}<span class="visually-hidden"> ${rule.description}</span>
                </button>
              </div>`
            : nothing}
        </li>`,
      )}
    </ul>`;
  }

  private openForm(): void {
    this.creating = true;
    this.notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#rule-description')?.focus());
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const description = formText(data, 'description').trim();
      if (!description) throw this.form.problem('Describe what the rule allows.', form.querySelector<HTMLInputElement>('#rule-description'));
      const maxLines = Number(formText(data, 'maxLines'));
      if (!Number.isInteger(maxLines) || maxLines < 1 || maxLines > 10_000) {
        throw this.form.problem('Max changed lines is a whole number from 1 to 10000.', form.querySelector<HTMLInputElement>('#rule-lines'));
      }
      const target = formText(data, 'target').trim();
      const proposerType = formText(data, 'proposerType').trim();
      const rule = await createApprovalRule({
        description,
        kind: formText(data, 'kind') as ProposalKind,
        ...(target ? { target } : {}),
        ...(proposerType ? { proposerType } : {}),
        maxLines,
        maxRisk: formText(data, 'maxRisk') as (typeof RULE_RISKS)[number],
      });
      this.creating = false;
      this.notice = { tone: 'success', text: `Allow-rule “${rule.description}” created.` };
      void this.rules.run();
    });
  }

  private async revoke(rule: ApprovalRule): Promise<void> {
    const confirmed = await confirmAction({
      heading: `Revoke “${rule.description}”?`,
      message: 'Matching proposals will wait for a person again. Approvals it already gave stay as they are.',
      confirmLabel: 'Revoke rule',
      danger: true,
    });
    if (!confirmed) return;
    this.revoking = new Set([...this.revoking, rule.id]);
    this.notice = null;
    try {
      await revokeApprovalRule(rule.id);
      this.notice = { tone: 'success', text: `Allow-rule “${rule.description}” revoked.` };
      await this.rules.run();
    } catch (error) {
      this.notice = { tone: 'danger', text: `Couldn't revoke “${rule.description}”: ${describeError(error)}` };
    } finally {
      const next = new Set(this.revoking);
      next.delete(rule.id);
      this.revoking = next;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-approval-rules': HiveApprovalRules;
  }
}
