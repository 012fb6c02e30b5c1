import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { changePassword } from '../../api/auth.js';
import { FormController, formText } from '../../controllers/form-controller.js';
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

  private readonly form = new FormController(this, ['currentPassword', 'newPassword']);

  override render() {
    const form = this.form;
    return html`<form @submit=${this.onSubmit} novalidate>
      ${form.renderError()}
      <div class="field">
        <label for="current-password">Current password</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid=${form.invalid('currentPassword')}
          aria-describedby="current-password-error"
        />
        ${form.renderIssue('current-password-error', 'currentPassword')}
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
          aria-invalid=${form.invalid('newPassword')}
        />
        <span class="hint" id="new-password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</span>
        ${form.renderIssue('new-password-error', 'newPassword')}
      </div>
      <div class="field">
        <label for="confirm-password">Repeat the new password</label>
        <input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required />
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>
          ${form.submitting ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>`;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const currentPassword = formText(data, 'currentPassword');
      const newPassword = formText(data, 'newPassword');
      const confirmPassword = formText(data, 'confirmPassword');
      const problem = !currentPassword
        ? 'Enter your current password.'
        : newPassword.length < MIN_PASSWORD_LENGTH
          ? `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`
          : newPassword !== confirmPassword
            ? 'The two new passwords are different.'
            : null;
      if (problem) throw this.form.problem(problem);
      await changePassword({ currentPassword, newPassword });
      form.reset();
      this.dispatchEvent(
        new CustomEvent(SESSION_ENDED_EVENT, {
          bubbles: true,
          composed: true,
          detail: { notice: 'Your password has been changed. Sign in with the new one.' },
        }),
      );
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-password-form': HivePasswordForm;
  }
}
