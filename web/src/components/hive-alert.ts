import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { IconName } from './hive-icon.js';
import './hive-icon.js';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

const TONE_ICONS: Record<AlertTone, IconName> = {
  info: 'clock',
  success: 'approvals',
  warning: 'alert',
  danger: 'alert',
};

/**
 * An inline message (form errors, offline and update notices) with optional actions in
 * slot "actions". Danger alerts interrupt screen readers; the others are polite.
 */
@customElement('hive-alert')
export class HiveAlert extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      padding: 0.625rem 0.875rem;
      border-radius: var(--hive-radius-small);
      background: var(--hive-tone-info-bg);
      color: var(--hive-tone-info-fg);
    }
    :host([tone='success']) {
      background: var(--hive-tone-success-bg);
      color: var(--hive-tone-success-fg);
    }
    :host([tone='warning']) {
      background: var(--hive-tone-warning-bg);
      color: var(--hive-tone-warning-fg);
    }
    :host([tone='danger']) {
      background: var(--hive-tone-danger-bg);
      color: var(--hive-tone-danger-fg);
    }
    .message {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex: 1 1 12rem;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
  `;

  @property({ reflect: true }) tone: AlertTone = 'info';
  @property() icon?: IconName;

  override willUpdate(): void {
    // The role sits on the host so the live region's text includes the slotted message.
    this.setAttribute('role', this.tone === 'danger' ? 'alert' : 'status');
  }

  override render() {
    return html`<div class="message">
        <hive-icon name=${this.icon ?? TONE_ICONS[this.tone]}></hive-icon><span><slot></slot></span>
      </div>
      <div class="actions"><slot name="actions"></slot></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-alert': HiveAlert;
  }
}
