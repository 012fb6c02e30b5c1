import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { createTask } from '../../api/tasks.js';
import type { AgentTypeKey, Task } from '../../api/types.js';
import '../../components/hive-alert.js';
import { fieldIssues, formErrorMessage } from '../../format/form-errors.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS } from '../../format/labels.js';
import { buttonStyles, cardStyles, formStyles } from '../../styles/shared-styles.js';
import { FORM_CANCEL_EVENT } from '../form-events.js';

export const TASK_CREATED_EVENT = 'hive-task-created';

const DEFAULT_PRIORITY = 50;

/** "New task": a title, an optional description, who should work it and how urgently. */
@customElement('hive-task-create-form')
export class HiveTaskCreateForm extends LitElement {
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
      .wide {
        grid-column: 1 / -1;
      }
    `,
  ];

  @state() private submitting = false;
  @state() private error: unknown = null;

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#task-title')?.focus();
  }

  override render() {
    const issues = fieldIssues(this.error);
    const invalid = (path: string) => (issues.has(path) ? 'true' : 'false');
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="new-task-heading">
      <h2 id="new-task-heading">New task</h2>
      ${this.error
        ? html`<hive-alert tone="danger">${formErrorMessage(this.error, ['title', 'description', 'priority'])}</hive-alert>`
        : nothing}
      <div class="fields">
        <div class="field wide">
          <label for="task-title">Title</label>
          <input
            id="task-title"
            name="title"
            required
            maxlength="300"
            autocomplete="off"
            aria-invalid=${invalid('title')}
            aria-describedby="task-title-error"
          />
          <span class="field-error" id="task-title-error">${issues.get('title') ?? ''}</span>
        </div>
        <div class="field wide">
          <label for="task-description">Description <span class="hint">(optional)</span></label>
          <textarea
            id="task-description"
            name="description"
            maxlength="50000"
            aria-invalid=${invalid('description')}
            aria-describedby="task-description-error"
          ></textarea>
          <span class="field-error" id="task-description-error">${issues.get('description') ?? ''}</span>
        </div>
        <div class="field">
          <label for="task-type">Agent type</label>
          <select id="task-type" name="type" aria-describedby="task-type-hint">
            <option value="">Any type</option>
            ${AGENT_TYPES.map((type) => html`<option value=${type}>${AGENT_TYPE_LABELS[type]}</option>`)}
          </select>
          <span class="hint" id="task-type-hint">Which kind of agent should pick it up.</span>
        </div>
        <div class="field">
          <label for="task-priority">Priority</label>
          <input
            id="task-priority"
            name="priority"
            type="number"
            inputmode="numeric"
            min="0"
            max="100"
            step="1"
            value=${DEFAULT_PRIORITY}
            aria-invalid=${invalid('priority')}
            aria-describedby="task-priority-hint task-priority-error"
          />
          <span class="hint" id="task-priority-hint">0 (lowest) to 100 (highest).</span>
          <span class="field-error" id="task-priority-error">${issues.get('priority') ?? ''}</span>
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.submitting}>
          ${this.submitting ? 'Creating…' : 'Create task'}
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
    const title = String(data.get('title') ?? '').trim();
    if (!title) {
      this.error = new Error('Give the task a title.');
      form.querySelector<HTMLInputElement>('#task-title')?.focus();
      return;
    }
    const description = String(data.get('description') ?? '');
    const type = String(data.get('type') ?? '');
    const priorityText = String(data.get('priority') ?? '').trim();
    this.submitting = true;
    this.error = null;
    try {
      const task = await createTask({
        title,
        ...(description.trim() ? { description } : {}),
        ...(type ? { type: type as AgentTypeKey } : {}),
        // An unparsable number is sent as is, so the hub names the field that is wrong.
        priority: priorityText === '' ? DEFAULT_PRIORITY : Number(priorityText),
      });
      form.reset();
      this.dispatchEvent(new CustomEvent<Task>(TASK_CREATED_EVENT, { detail: task }));
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
    'hive-task-create-form': HiveTaskCreateForm;
  }
  interface HTMLElementEventMap {
    [TASK_CREATED_EVENT]: CustomEvent<Task>;
  }
}
