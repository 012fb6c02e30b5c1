import { ContextConsumer } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { type ConnectionState, type ConnectionStatus, connectionContext } from '../state/live-context.js';

interface Look {
  label: string;
  detail: string;
}

function look(state: ConnectionState): Look {
  const looks: Record<ConnectionStatus, Look> = {
    live: { label: 'Live', detail: 'Connected: changes appear as they happen.' },
    reconnecting: state.connectedOnce
      ? { label: 'Reconnecting…', detail: 'The live connection dropped; missed changes arrive when it returns.' }
      : { label: 'Connecting…', detail: 'Opening the live connection to the hub.' },
    offline: { label: 'Offline', detail: 'No network: what you see may be out of date.' },
  };
  return looks[state.status];
}

/**
 * The live connection's state in the top bar: a dot and a word (the colour is never the
 * only sign), announced politely when it changes.
 */
@customElement('hive-connection-indicator')
export class HiveConnectionIndicator extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      flex: none;
    }
    span.pill {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 600;
      white-space: nowrap;
      background: var(--hive-tone-warning-bg);
      color: var(--hive-tone-warning-fg);
    }
    .dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: currentColor;
    }
    :host([status='live']) span.pill {
      background: var(--hive-tone-success-bg);
      color: var(--hive-tone-success-fg);
    }
    :host([status='offline']) span.pill {
      background: var(--hive-tone-neutral-bg);
      color: var(--hive-tone-neutral-fg);
    }
    /* An open ring while offline: the state differs in shape too, not only in colour. */
    :host([status='offline']) .dot {
      background: transparent;
      border: 2px solid currentColor;
    }
    :host([status='reconnecting']) .dot {
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.25;
      }
    }
  `;

  private readonly connection = new ContextConsumer(this, { context: connectionContext, subscribe: true });

  override willUpdate(): void {
    this.setAttribute('status', this.connection.value?.status ?? 'reconnecting');
  }

  override render() {
    const state = this.connection.value ?? { status: 'reconnecting', connectedOnce: false };
    const { label, detail } = look(state);
    return html`<span class="pill" role="status" aria-label="Connection: ${label}" title=${detail}>
      <span class="dot" aria-hidden="true"></span>${label}
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-connection-indicator': HiveConnectionIndicator;
  }
}
