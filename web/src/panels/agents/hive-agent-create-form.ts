import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { createAgent } from '../../api/agents.js';
import type { Agent, AgentTypeKey } from '../../api/types.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS } from '../../format/labels.js';
import { sessionsSpec } from '../../state/sessions.js';
import { createFormStyles, renderCreateActions } from '../create-form.js';

export const AGENT_CREATED_EVENT = 'hive-agent-created';

/**
 * "New agent": a name, a type, optionally the session it belongs to, and whether to start
 * it now; the hub fills in the type's
 * prompt and defaults. There is no runtime choice: the hub's default (`process`) is the
 * only one it offers, and a runtime it cannot start is reported beside "Start it now".
 */
@customElement('hive-agent-create-form')
export class HiveAgentCreateForm extends LitElement {
  static override styles = createFormStyles;

  private readonly form = new FormController(this, ['name', 'type', 'sessionId', 'start', 'runtime']);
  /** The sessions to pick from, live (a session created meanwhile shows up). */
  private readonly sessions = new LiveController(this, () => sessionsSpec);

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#agent-name')?.focus();
  }

  override render() {
    const form = this.form;
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="new-agent-heading">
      <h2 id="new-agent-heading">New agent</h2>
      ${form.renderError()}
      <div class="fields">
        <div class="field">
          <label for="agent-name">Name</label>
          <input
            id="agent-name"
            name="name"
            required
            maxlength="120"
            autocomplete="off"
            aria-invalid=${form.invalid('name')}
            aria-describedby="agent-name-error"
          />
          ${form.renderIssue('agent-name-error', 'name')}
        </div>
        <div class="field">
          <label for="agent-type">Type</label>
          <select id="agent-type" name="type" required aria-describedby="agent-type-error">
            ${AGENT_TYPES.map((type) => html`<option value=${type}>${AGENT_TYPE_LABELS[type]}</option>`)}
          </select>
          ${form.renderIssue('agent-type-error', 'type')}
        </div>
        <div class="field">
          <label for="agent-session">Session</label>
          <select
            id="agent-session"
            name="sessionId"
            aria-invalid=${form.invalid('sessionId')}
            aria-describedby="agent-session-hint agent-session-error"
          >
            <option value="">No session</option>
            ${(this.sessions.value?.state.items ?? []).map(
              (session) => html`<option value=${session.id}>${session.name} (${session.status})</option>`,
            )}
          </select>
          <span class="hint" id="agent-session-hint">Optional: the session whose work and token budget it shares.</span>
          ${form.renderIssue('agent-session-error', 'sessionId')}
        </div>
        <div class="field wide">
          <label class="check">
            <input
              id="agent-start"
              name="start"
              type="checkbox"
              checked
              aria-invalid=${form.invalid('runtime', 'start')}
              aria-describedby="agent-start-hint agent-start-error"
            />
            Start it now
          </label>
          <span class="hint" id="agent-start-hint">Its worker process is spawned right away; otherwise it waits until it is started.</span>
          ${form.renderIssue('agent-start-error', 'runtime', 'start')}
        </div>
      </div>
      ${renderCreateActions(this, form.submitting, 'Create agent')}
    </form>`;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const name = formText(data, 'name').trim();
      if (!name) throw this.form.problem('Give the agent a name.', form.querySelector<HTMLInputElement>('#agent-name'));
      const sessionId = formText(data, 'sessionId');
      const agent = await createAgent({
        name,
        type: formText(data, 'type') as AgentTypeKey,
        ...(sessionId ? { sessionId } : {}),
        start: data.has('start'),
      });
      form.reset();
      this.dispatchEvent(new CustomEvent<Agent>(AGENT_CREATED_EVENT, { detail: agent }));
    });
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
