import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { describeError } from '../../api/client.js';
import { fetchNotificationPreferences, saveNotificationPreferences } from '../../api/notifications.js';
import type { NotificationPreferences } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import { FormController } from '../../controllers/form-controller.js';
import { type PushState, PushUnavailableError, disablePush, enablePush, readPushState } from '../../pwa/push.js';
import { buttonStyles, formStyles } from '../../styles/shared-styles.js';

const KINDS: ReadonlyArray<{ key: keyof NotificationPreferences; label: string; hint: string }> = [
  { key: 'approvals', label: 'Proposals waiting for approval', hint: 'When a change an agent proposed has passed validation and needs a person.' },
  { key: 'failures', label: 'Failures', hint: 'When a task fails for good or an agent crashes.' },
  { key: 'budgets', label: 'Budgets', hint: 'When an agent or session runs out of its token budget and pauses.' },
];

/**
 * What to be notified about (kept by the hub, for every device of this user) and whether
 * this device receives push notifications at all (its own subscription).
 */
@customElement('hive-notification-settings')
export class HiveNotificationSettings extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: grid;
        gap: 1.5rem;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: none;
        display: grid;
        gap: 0.25rem;
      }
      legend {
        padding: 0;
        margin-bottom: 0.25rem;
        font-weight: 600;
      }
      .option .hint {
        display: block;
        margin: -0.5rem 0 0.5rem 1.875rem;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 1rem;
      }
      p {
        margin: 0 0 0.75rem;
        color: var(--hive-text-muted);
      }
      .saved {
        align-self: center;
        color: var(--hive-tone-success-fg);
        font-size: 0.875rem;
      }
      hive-alert {
        margin-bottom: 0.75rem;
      }
    `,
  ];

  @state() private saved = false;
  /** What the last save stored, over what was loaded. */
  @state() private current: NotificationPreferences | null = null;
  @state() private push: PushState | null = null;
  @state() private pushBusy = false;
  @state() private pushError: string | null = null;

  private readonly form = new FormController(this, ['approvals', 'failures', 'budgets']);

  private readonly preferences = new Task(this, {
    task: (_args: readonly [], { signal }) => fetchNotificationPreferences(signal),
    args: () => [] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    void readPushState().then((push) => (this.push = push));
  }

  override render() {
    return html`<div>
        ${this.preferences.render({
          pending: () => html`<hive-loading label="Loading your notification settings…"></hive-loading>`,
          complete: (preferences) => this.renderPreferences(this.current ?? preferences),
          error: (error) =>
            html`<hive-error-state
              heading="Couldn't load your notification settings"
              .error=${error}
              @hive-retry=${() => void this.preferences.run()}
            ></hive-error-state>`,
        })}
      </div>
      <div>
        <h3>This device</h3>
        ${this.renderPush()}
      </div>`;
  }

  private renderPreferences(preferences: NotificationPreferences) {
    const form = this.form;
    return html`<form @submit=${this.onSave} @change=${() => (this.saved = false)}>
      ${form.renderError()}
      <fieldset>
        <legend>Notify me about</legend>
        ${KINDS.map(
          (kind) => html`<div class="option">
            <label class="check">
              <input type="checkbox" name=${kind.key} .checked=${preferences[kind.key]} aria-describedby=${`pref-${kind.key}-hint`} />
              ${kind.label}
            </label>
            <span class="hint" id=${`pref-${kind.key}-hint`}>${kind.hint}</span>
          </div>`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Saving…' : 'Save preferences'}</button>
        <span class="saved" role="status">${this.saved ? 'Saved.' : ''}</span>
      </div>
    </form>`;
  }

  private renderPush() {
    const push = this.push;
    const error = this.pushError ? html`<hive-alert tone="danger">${this.pushError}</hive-alert>` : nothing;
    if (!push) return html`<hive-loading label="Checking push on this device…"></hive-loading>`;
    switch (push.kind) {
      case 'unsupported':
        return html`<hive-alert tone="warning" icon="bell">${push.message}</hive-alert>`;
      case 'blocked':
        return html`<hive-alert tone="warning" icon="bell">
          Notifications are blocked for Hive in this browser. Allow them in the site settings (the icon beside the address),
          then come back here.
        </hive-alert>`;
      case 'on':
        return html`<p>Push is on: this device gets the notifications chosen above, even when Hive is closed.</p>
          ${error}
          <button type="button" ?disabled=${this.pushBusy} @click=${this.turnOff}>
            <hive-icon name="bell"></hive-icon>${this.pushBusy ? 'Turning off…' : 'Turn off push on this device'}
          </button>`;
      case 'off':
        return html`<p>Get the notifications chosen above on this device, even when Hive is closed.</p>
          ${error}
          <button type="button" class="primary" ?disabled=${this.pushBusy} @click=${this.turnOn}>
            <hive-icon name="bell"></hive-icon>${this.pushBusy ? 'Enabling…' : 'Enable push on this device'}
          </button>`;
    }
  }

  private onSave(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data) => {
      this.saved = false;
      const saved = await saveNotificationPreferences({
        approvals: data.has('approvals'),
        failures: data.has('failures'),
        budgets: data.has('budgets'),
      });
      this.current = saved;
      this.saved = true;
    });
  }

  private readonly turnOn = async (): Promise<void> => {
    await this.changePush(enablePush);
  };

  private readonly turnOff = async (): Promise<void> => {
    await this.changePush(disablePush);
  };

  private async changePush(change: () => Promise<PushState>): Promise<void> {
    this.pushBusy = true;
    this.pushError = null;
    try {
      this.push = await change();
    } catch (error) {
      this.pushError = error instanceof PushUnavailableError ? error.message : `Push could not be changed: ${describeError(error)}`;
    } finally {
      this.pushBusy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-notification-settings': HiveNotificationSettings;
  }
}
