import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { focusStyles } from '../styles/shared-styles.js';
import type { IconName } from './hive-icon.js';
import './hive-icon.js';

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** A count beside the label (e.g. proposals waiting); hidden when 0 or absent. */
  badge?: number;
  /** What the count counts, for screen readers: "Approvals, 3 waiting". */
  badgeLabel?: string;
}

/** Beyond this the badge reads "99+"; the accessible name keeps the exact number. */
const BADGE_MAX = 99;

/**
 * The main navigation as a list of real links (the app's router intercepts them), with
 * `aria-current="page"` on the current one. Used in the sidebar and in the drawer.
 */
@customElement('hive-nav')
export class HiveNav extends LitElement {
  static override styles = [
    focusStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0.5rem;
        display: grid;
        gap: 0.125rem;
      }
      a {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: var(--hive-touch);
        padding: 0 0.75rem;
        border-radius: var(--hive-radius-small);
        color: var(--hive-text);
        text-decoration: none;
        font-weight: 500;
      }
      a:hover {
        background: var(--hive-surface-raised);
      }
      a[aria-current='page'] {
        background: var(--hive-surface-raised);
        font-weight: 700;
        box-shadow: inset 3px 0 0 var(--hive-brand);
      }
      a[aria-current='page'] hive-icon {
        color: var(--hive-link);
      }
      a:focus-visible {
        outline-offset: -3px;
      }
      .badge {
        margin-left: auto;
        min-width: 1.5rem;
        padding: 0 0.4375rem;
        border-radius: 999px;
        background: var(--hive-brand);
        color: var(--hive-on-brand);
        font-size: 0.8125rem;
        font-weight: 700;
        line-height: 1.5rem;
        text-align: center;
      }
    `,
  ];

  @property({ attribute: false }) items: readonly NavItem[] = [];
  @property({ attribute: 'current-path' }) currentPath = '/';
  /** Names the landmark; two navs on one page must differ ("Main", "Main (menu)"). */
  @property() label = 'Main';

  override render() {
    return html`<nav aria-label=${this.label}>
      <ul>
        ${this.items.map(
          (item) =>
            html`<li>
              <a
                href=${item.href}
                aria-current=${item.href === this.currentPath ? 'page' : 'false'}
                aria-label=${item.badge ? `${item.label}, ${item.badge} ${item.badgeLabel ?? ''}`.trim() : nothing}
              >
                <hive-icon name=${item.icon}></hive-icon>${item.label}
                ${item.badge
                  ? html`<span class="badge" aria-hidden="true">${item.badge > BADGE_MAX ? `${BADGE_MAX}+` : item.badge}</span>`
                  : nothing}
              </a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-nav': HiveNav;
  }
}
