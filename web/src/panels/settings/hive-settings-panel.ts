import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../../components/hive-page-header.js';
import { ROLE_LABELS } from '../../format/labels.js';
import { formatDateTime } from '../../format/time.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { cardStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import './hive-notification-settings.js';
import './hive-password-form.js';
import './hive-theme-picker.js';
import './hive-token-manager.js';
import './hive-user-manager.js';

/**
 * Your account and password, this device (theme, push), what to be notified about, your
 * API tokens and, for admins, users and roles. Each section is its own element, loading
 * its own data, so one that fails does not take the page down.
 */
@customElement('hive-settings-panel')
export class HiveSettingsPanel extends LitElement {
  static override styles = [
    cardStyles,
    stackedPanelStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.5rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--hive-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0 0 1rem;
        color: var(--hive-text-muted);
      }
      p:last-child {
        margin-bottom: 0;
      }
      p.after {
        margin: 1rem 0 0;
      }
    `,
  ];

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  override render() {
    const auth = this.auth;
    if (auth?.status !== 'signed-in') return nothing;
    const { user } = auth.me;
    return html`<hive-page-header heading="Settings" description="Your account, this device, notifications, API tokens and users."></hive-page-header>
      <section class="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl>
          <dt>Username</dt>
          <dd>${user.username}</dd>
          <dt>Role</dt>
          <dd>${ROLE_LABELS[user.role]} — ${ROLE_DESCRIPTIONS[user.role]}</dd>
          <dt>Member since</dt>
          <dd><time datetime=${user.createdAt}>${formatDateTime(user.createdAt)}</time></dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        ${auth.me.via === 'session'
          ? html`<p>Changing it signs you out on every device.</p>
              <hive-password-form></hive-password-form>`
          : html`<p>You are using an API token; sign in with a password to change it.</p>`}
      </section>
      <section class="card" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">Appearance</h2>
        <hive-theme-picker></hive-theme-picker>
        <p class="after">Hive can be installed as an app from the top bar when your browser offers it.</p>
      </section>
      <section class="card" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">Notifications</h2>
        <hive-notification-settings></hive-notification-settings>
      </section>
      <section class="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        <hive-token-manager></hive-token-manager>
      </section>
      ${roleAtLeast(user.role, 'admin')
        ? html`<section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">Users and roles</h2>
            <hive-user-manager></hive-user-manager>
          </section>`
        : nothing}`;
  }
}

const ROLE_DESCRIPTIONS: Record<keyof typeof ROLE_LABELS, string> = {
  viewer: 'can see everything, change nothing.',
  operator: 'can also create and steer agents, tasks and sessions.',
  approver: 'can also approve or reject proposed changes.',
  admin: 'can also manage users, tokens and configuration.',
};

declare global {
  interface HTMLElementTagNameMap {
    'hive-settings-panel': HiveSettingsPanel;
  }
}
