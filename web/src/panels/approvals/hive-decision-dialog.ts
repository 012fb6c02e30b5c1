import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { buttonStyles, dialogStyles, formStyles } from '../../styles/shared-styles.js';
import { showModal } from '../../components/show-modal.js';

export type DecisionMode = 'approve' | 'reject' | 'rollback';

export interface DecisionOptions {
  mode: DecisionMode;
  proposalTitle: string;
  /** The first characters of the content hash being decided (not asked for a rollback). */
  shortHash: string;
  /** An admin approving despite failed checks: the override box must be ticked. */
  overrideRequired?: boolean;
}

export interface Decision {
  /** Trimmed; '' when left empty (only a rejection requires one). */
  comment: string;
  override: boolean;
}

const TEXT: Record<DecisionMode, { heading: string; field: string; hint: string; confirm: string }> = {
  approve: {
    heading: 'Approve this proposal?',
    field: 'Comment (optional)',
    hint: 'Kept with your approval in the audit log.',
    confirm: 'Approve',
  },
  reject: {
    heading: 'Reject this proposal?',
    field: 'Why (required)',
    hint: 'The proposer reads this: say what would make it acceptable.',
    confirm: 'Reject',
  },
  rollback: {
    heading: 'Roll back this change?',
    field: 'Reason (optional)',
    hint: 'Kept with the rollback in the history and the audit log.',
    confirm: 'Roll back',
  },
};

/**
 * Approve, reject or roll back a proposal, as a modal <dialog>: a comment (required to
 * reject), the short hash of exactly what is being decided, and for an admin approving
 * despite failed checks an explicit override box. Focus goes to the comment, stays in the
 * dialog, Escape cancels and focus returns to the button that opened it. Use `askDecision()`.
 */
@customElement('hive-decision-dialog')
export class HiveDecisionDialog extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 1rem;
        color: var(--hive-text-muted);
        overflow-wrap: anywhere;
      }
      .what {
        color: var(--hive-text);
        font-weight: 600;
      }
      code {
        font-family: var(--hive-mono);
        font-size: 0.875rem;
        padding: 0.0625rem 0.375rem;
        border-radius: var(--hive-radius-small);
        background: var(--hive-surface-raised);
        color: var(--hive-text);
      }
      form {
        gap: 1rem;
      }
      .override {
        padding: 0.5rem 0.75rem;
        border-radius: var(--hive-radius-small);
        background: var(--hive-tone-danger-bg);
        color: var(--hive-tone-danger-fg);
      }
      .override p {
        margin: 0;
        color: inherit;
      }
    `,
  ];

  @property() mode: DecisionMode = 'approve';
  @property() proposalTitle = '';
  @property() shortHash = '';
  @property({ type: Boolean }) overrideRequired = false;

  @state() private commentError = '';
  @state() private overrideError = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('textarea') private textarea!: HTMLTextAreaElement;
  @query('input[name="override"]') private overrideBox!: HTMLInputElement | null;

  /** Shows the dialog; resolves with the decision, or null when cancelled. */
  async ask(): Promise<Decision | null> {
    await this.updateComplete;
    return new Promise((resolve) => {
      this.dialog.addEventListener(
        'close',
        () =>
          resolve(
            this.dialog.returnValue === 'confirm'
              ? { comment: this.textarea.value.trim(), override: this.overrideBox?.checked ?? false }
              : null,
          ),
        { once: true },
      );
      this.dialog.returnValue = '';
      this.dialog.showModal();
      this.textarea.focus();
    });
  }

  override render() {
    const text = TEXT[this.mode];
    const danger = this.mode !== 'approve';
    return html`<dialog aria-labelledby="heading" aria-describedby="what">
      <form method="dialog" @submit=${this.onSubmit} novalidate>
        <div>
          <h2 id="heading">${text.heading}</h2>
          <p id="what">
            <span class="what">“${this.proposalTitle}”</span>${this.mode === 'rollback'
              ? html` — the change is reverted and a new checkpoint is recorded.`
              : html` — exactly the reviewed content, hash <code aria-label="content hash ${this.shortHash}">${this.shortHash}</code>.`}
          </p>
        </div>
        ${this.overrideRequired
          ? html`<div class="override">
              <label class="check">
                <input
                  type="checkbox"
                  name="override"
                  aria-describedby="override-hint"
                  aria-invalid=${this.overrideError ? 'true' : 'false'}
                  @change=${() => (this.overrideError = '')}
                />
                Override failed validation
              </label>
              <p id="override-hint">${this.overrideError || 'Its checks have not passed. As an admin you may approve it anyway; the override is recorded.'}</p>
            </div>`
          : nothing}
        <div class="field">
          <label for="comment">${text.field}</label>
          <textarea
            id="comment"
            name="comment"
            maxlength="5000"
            aria-describedby="comment-hint"
            aria-invalid=${this.commentError ? 'true' : 'false'}
            @input=${() => (this.commentError = '')}
          ></textarea>
          <span class=${this.commentError ? 'field-error' : 'hint'} id="comment-hint">${this.commentError || text.hint}</span>
        </div>
        <div class="actions">
          <button type="submit" value="cancel" formnovalidate>Cancel</button>
          <button type="submit" value="confirm" class=${danger ? 'danger' : 'primary'}>${text.confirm}</button>
        </div>
      </form>
    </dialog>`;
  }

  private onSubmit(event: SubmitEvent): void {
    const submitter = event.submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'confirm') return;
    if (this.mode === 'reject' && this.textarea.value.trim() === '') {
      event.preventDefault();
      this.commentError = 'Say why it is rejected: the proposer reads this.';
      this.textarea.focus();
      return;
    }
    if (this.overrideRequired && !this.overrideBox?.checked) {
      event.preventDefault();
      this.overrideError = 'Tick “Override failed validation” to approve a proposal whose checks failed.';
      this.overrideBox?.focus();
    }
  }
}

/** Asks for a decision in a modal dialog; null when the person cancelled. */
export async function askDecision(options: DecisionOptions): Promise<Decision | null> {
  return showModal(Object.assign(document.createElement('hive-decision-dialog'), options));
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-decision-dialog': HiveDecisionDialog;
  }
}
