import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Role } from '../api/types.js';
import { ROLE_LABELS } from '../format/labels.js';
import { buttonStyles, focusStyles } from '../styles/shared-styles.js';
import './hive-connection-indicator.js';
import './hive-icon.js';
import './hive-logo.js';

export const MENU_OPEN_EVENT = 'hive-menu-open';
export const INSTALL_EVENT = 'hive-install';
export const SIGN_OUT_REQUEST_EVENT = 'hive-sign-out-request';

/** Brand, the signed-in user and role, and the app-wide actions (install, sign out). */
@customElement('hive-top-bar')
export class HiveTopBar extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    css`
      :host {
        display: block;
        background: var(--hive-surface);
        border-bottom: 1px solid var(--hive-border);
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: var(--hive-topbar-height);
        padding: 0 0.5rem 0 0.75rem;
        padding-left: max(0.75rem, env(safe-area-inset-left));
        padding-right: max(0.5rem, env(safe-area-inset-right));
      }
      .home {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        padding: 0 0.25rem;
        border-radius: var(--hive-radius-small);
        color: inherit;
        text-decoration: none;
      }
      .spacer {
        flex: 1;
      }
      .user {
        display: grid;
        justify-items: end;
        line-height: 1.2;
        min-width: 0;
      }
      .username {
        font-weight: 600;
        max-width: 12rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .role {
        font-size: 0.8125rem;
        color: var(--hive-text-muted);
      }
      :host([compact]) .username {
        max-width: 7rem;
      }
      /* Icon-only on phones, but the word stays as the button's accessible name. */
      :host([compact]) .label {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      :host([compact]) button.labelled {
        padding: 0;
      }
    `,
  ];

  @property() username = '';
  @property({ attribute: 'user-role' }) userRole: Role = 'viewer';
  /** Offer "Install app" (the browser said the PWA can be installed). */
  @property({ type: Boolean }) installable = false;
  /** Narrow layout: a menu button for the drawer, icon-only actions. */
  @property({ type: Boolean, reflect: true }) compact = false;

  override render() {
    return html`<header>
      ${this.compact
        ? html`<button type="button" class="quiet icon-only" aria-label="Open menu" @click=${() => this.emit(MENU_OPEN_EVENT)}>
            <hive-icon name="menu"></hive-icon>
          </button>`
        : nothing}
      <a class="home" href="/" aria-label="Hive overview"><hive-logo with-name></hive-logo></a>
      <span class="spacer"></span>
      ${this.installable
        ? html`<button type="button" class="quiet labelled" @click=${() => this.emit(INSTALL_EVENT)}>
            <hive-icon name="install"></hive-icon><span class="label">Install app</span>
          </button>`
        : nothing}
      <hive-connection-indicator></hive-connection-indicator>
      <div class="user" aria-label="Signed in as ${this.username}, ${ROLE_LABELS[this.userRole]}" role="group">
        <span class="username">${this.username}</span>
        <span class="role">${ROLE_LABELS[this.userRole]}</span>
      </div>
      <button type="button" class="quiet labelled" @click=${() => this.emit(SIGN_OUT_REQUEST_EVENT)}>
        <hive-icon name="logout"></hive-icon><span class="label">Sign out</span>
      </button>
    </header>`;
  }

  private emit(type: string): void {
    this.dispatchEvent(new CustomEvent(type));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-top-bar': HiveTopBar;
  }
  interface HTMLElementEventMap {
    [MENU_OPEN_EVENT]: CustomEvent<void>;
    [INSTALL_EVENT]: CustomEvent<void>;
    [SIGN_OUT_REQUEST_EVENT]: CustomEvent<void>;
  }
}
