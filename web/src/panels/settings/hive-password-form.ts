import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { changePassword } from '../../api/auth.js';
import '../../components/hive-alert.js';
import { fieldIssues, formErrorMessage } from '../../format/form-errors.js';
import { SESSION_ENDED_EVENT } from '../../state/auth-context.js';
import { buttonStyles, formStyles } from '../../styles/shared-styles.js';

/** Same floor as the shared `Password` schema, checked here to answer before a round trip. */
const MIN_PASSWORD_LENGTH = 8;

/**
 * Change your own password: current one, new one typed twice. The hub then ends all of
 * the user's sessions, this one included, so success leads back to the sign-in page.
 */
@customElement('hive-password-form')
export class HivePasswordForm extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
        max-width: 28rem;
      }
    `,
  ];

  @state() private submitting = false;
  @state() private error: unknown = null;

  override render() {
    const issues = fieldIssues(this.error);
    return html`<form @submit=${this.onSubmit} novalidate>
      ${this.error
        ? html`<hive-alert tone="danger">${formErrorMessage(this.error, ['currentPassword', 'newPassword'])}</hive-alert>`
        : nothing}
      <div class="field">
        <label for="current-password">Current password</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid=${issues.has('currentPassword') ? 'true' : 'false'}
          aria-describedby="current-password-error"
        />
        <span class="field-error" id="current-password-error">${issues.get('currentPassword') ?? ''}</span>
      </div>
      <div class="field">
        <label for="new-password">New password</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          minlength=${MIN_PASSWORD_LENGTH}
          required
          aria-describedby="new-password-hint new-password-error"
          aria-invalid=${issues.has('newPassword') ? 'true' : 'false'}
        />
        <span class="hint" id="new-password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</span>
        <span class="field-error" id="new-password-error">${issues.get('newPassword') ?? ''}</span>
      </div>
      <div class="field">
        <label for="confirm-password">Repeat the new password</label>
        <input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required />
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.submitting}>
          ${this.submitting ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>`;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.submitting) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    const confirmPassword = String(data.get('confirmPassword') ?? '');
    const problem = !currentPassword
      ? 'Enter your current password.'
      : newPassword.length < MIN_PASSWORD_LENGTH
        ? `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`
        : newPassword !== confirmPassword
          ? 'The two new passwords are different.'
          : null;
    if (problem) {
      this.error = new Error(problem);
      return;
    }
    this.submitting = true;
    this.error = null;
    try {
      await changePassword({ currentPassword, newPassword });
      form.reset();
      this.dispatchEvent(
        new CustomEvent(SESSION_ENDED_EVENT, {
          bubbles: true,
          composed: true,
          detail: { notice: 'Your password has been changed. Sign in with the new one.' },
        }),
      );
    } catch (error) {
      this.error = error;
    } finally {
      this.submitting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-password-form': HivePasswordForm;
  }
}
