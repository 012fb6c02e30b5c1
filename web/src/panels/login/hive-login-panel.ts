import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { login } from '../../api/auth.js';
import { ApiRequestError } from '../../api/client.js';
import '../../components/hive-alert.js';
import '../../components/hive-logo.js';
import { CountdownController } from '../../controllers/countdown-controller.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { SIGNED_IN_EVENT } from '../../state/auth-context.js';
import { buttonStyles, cardStyles, formStyles } from '../../styles/shared-styles.js';

/** Used when a 429 comes without a usable Retry-After header. */
const DEFAULT_RETRY_SECONDS = 30;

/**
 * Username + password sign-in. Tells apart a wrong password, a rate limit (with a live
 * countdown from Retry-After, during which the button stays disabled) and an
 * unreachable hub, and hands the signed-in user to <hive-app> via SIGNED_IN_EVENT.
 */
@customElement('hive-login-panel')
export class HiveLoginPanel extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    cardStyles,
    css`
      :host {
        display: block;
        width: min(100%, 24rem);
      }
      .card {
        padding: 1.5rem;
      }
      header {
        display: grid;
        justify-items: center;
        gap: 0.75rem;
        margin-bottom: 1.5rem;
        --hive-logo-size: 48px;
      }
      h1 {
        margin: 0;
        font-size: 1.375rem;
      }
      button[type='submit'] {
        width: 100%;
      }
    `,
  ];

  /** Why the user is here, e.g. "Your session has ended". */
  @property() notice = '';

  private readonly form = new FormController(this);
  private readonly retryCountdown = new CountdownController(this);

  override render() {
    const rateLimited = this.retryCountdown.running;
    return html`<div class="card">
      <header>
        <hive-logo></hive-logo>
        <h1>Sign in to Hive</h1>
      </header>
      <form @submit=${this.onSubmit} novalidate aria-describedby="login-status">
        <div id="login-status">${this.renderStatus(rateLimited)}</div>
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="primary" ?disabled=${this.form.submitting || rateLimited}>
          ${this.form.submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>`;
  }

  private renderStatus(rateLimited: boolean) {
    if (rateLimited) {
      return html`<hive-alert tone="danger">Too many attempts, try again in ${this.retryCountdown.remaining} s</hive-alert>`;
    }
    if (this.form.failed) return this.form.renderError();
    if (this.notice) return html`<hive-alert tone="info">${this.notice}</hive-alert>`;
    return nothing;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    if (this.retryCountdown.running) {
      event.preventDefault();
      return Promise.resolve();
    }
    return this.form.submit(event, this.signIn, this.onSignInError);
  }

  private readonly signIn = async (data: FormData, form: HTMLFormElement): Promise<void> => {
    const username = formText(data, 'username').trim();
    const password = formText(data, 'password');
    if (!username || !password) {
      throw this.form.problem('Enter your username and password.', form.querySelector<HTMLInputElement>(username ? '#password' : '#username'));
    }
    const me = await login({ username, password });
    this.dispatchEvent(new CustomEvent(SIGNED_IN_EVENT, { detail: me }));
  };

  /** A rate limit becomes the countdown rather than an error message. */
  private readonly onSignInError = (error: unknown, form: HTMLFormElement): boolean => {
    if (!(error instanceof ApiRequestError)) return false; // a field left empty: focus is already there
    if (error.status === 429) {
      this.retryCountdown.start(error.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS);
      return true;
    }
    // Keep the username, clear the password, and put the cursor where it is needed.
    const passwordInput = form.querySelector<HTMLInputElement>('#password');
    if (passwordInput) {
      passwordInput.value = '';
      passwordInput.focus();
    }
    return false;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-login-panel': HiveLoginPanel;
  }
}
