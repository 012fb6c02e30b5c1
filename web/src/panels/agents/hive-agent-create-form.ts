import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createAgent } from '../../api/agents.js';
import type { Agent, AgentTypeKey } from '../../api/types.js';
import '../../components/hive-alert.js';
import { fieldIssues, formErrorMessage } from '../../format/form-errors.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS } from '../../format/labels.js';
import { buttonStyles, cardStyles, formStyles } from '../../styles/shared-styles.js';
import { FORM_CANCEL_EVENT } from '../form-events.js';

export const AGENT_CREATED_EVENT = 'hive-agent-created';

/** "New agent": a name and a type; the hub fills in the type's prompt and defaults. */
@customElement('hive-agent-create-form')
export class HiveAgentCreateForm extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    cardStyles,
    css`
      :host {
        display: block;
        margin-bottom: 1rem;
      }
      h2 {
        margin: 0;
        font-size: 1.125rem;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 1rem;
      }
    `,
  ];

  @state() private submitting = false;
  @state() private error: unknown = null;

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#agent-name')?.focus();
  }

  override render() {
    const issues = fieldIssues(this.error);
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="new-agent-heading">
      <h2 id="new-agent-heading">New agent</h2>
      ${this.error ? html`<hive-alert tone="danger">${formErrorMessage(this.error, ['name', 'type'])}</hive-alert>` : nothing}
      <div class="fields">
        <div class="field">
          <label for="agent-name">Name</label>
          <input
            id="agent-name"
            name="name"
            required
            maxlength="120"
            autocomplete="off"
            aria-invalid=${issues.has('name') ? 'true' : 'false'}
            aria-describedby="agent-name-error"
          />
          <span class="field-error" id="agent-name-error">${issues.get('name') ?? ''}</span>
        </div>
        <div class="field">
          <label for="agent-type">Type</label>
          <select id="agent-type" name="type" required aria-describedby="agent-type-error">
            ${AGENT_TYPES.map((type) => html`<option value=${type}>${AGENT_TYPE_LABELS[type]}</option>`)}
          </select>
          <span class="field-error" id="agent-type-error">${issues.get('type') ?? ''}</span>
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.submitting}>
          ${this.submitting ? 'Creating…' : 'Create agent'}
        </button>
        <button type="button" @click=${this.cancel}>Cancel</button>
      </div>
    </form>`;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.submitting) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name) {
      this.error = new Error('Give the agent a name.');
      form.querySelector<HTMLInputElement>('#agent-name')?.focus();
      return;
    }
    this.submitting = true;
    this.error = null;
    try {
      const agent = await createAgent({ name, type: String(data.get('type')) as AgentTypeKey });
      form.reset();
      this.dispatchEvent(new CustomEvent<Agent>(AGENT_CREATED_EVENT, { detail: agent }));
    } catch (error) {
      this.error = error;
    } finally {
      this.submitting = false;
    }
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent(FORM_CANCEL_EVENT));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agent-create-form': HiveAgentCreateForm;
  }
  interface HTMLElementEventMap {
    [AGENT_CREATED_EVENT]: CustomEvent<Agent>;
  }
}
