import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../../components/hive-page-header.js';
import { ROLE_LABELS } from '../../format/labels.js';
import { formatDateTime } from '../../format/time.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { cardStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import './hive-password-form.js';

/** Your account (who you are, what your role allows) and your password. */
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
    `,
  ];

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  override render() {
    const auth = this.auth;
    if (auth?.status !== 'signed-in') return nothing;
    const { user } = auth.me;
    return html`<hive-page-header heading="Settings" description="Your account and this device."></hive-page-header>
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
      <section class="card" aria-labelledby="device-heading">
        <h2 id="device-heading">This device</h2>
        <p>The theme follows your system's light or dark setting. Hive can be installed as an app from the top bar when your browser offers it.</p>
      </section>`;
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
