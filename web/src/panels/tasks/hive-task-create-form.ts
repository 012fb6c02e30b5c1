import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { createTask } from '../../api/tasks.js';
import type { AgentTypeKey, Task } from '../../api/types.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS } from '../../format/labels.js';
import { createFormStyles, renderCreateActions } from '../create-form.js';

export const TASK_CREATED_EVENT = 'hive-task-created';

const DEFAULT_PRIORITY = 50;

/** "New task": a title, an optional description, who should work it and how urgently. */
@customElement('hive-task-create-form')
export class HiveTaskCreateForm extends LitElement {
  static override styles = createFormStyles;

  private readonly form = new FormController(this, ['title', 'description', 'priority']);

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#task-title')?.focus();
  }

  override render() {
    const form = this.form;
    return html`<form class="card" @submit=${this.onSubmit} aria-labelledby="new-task-heading">
      <h2 id="new-task-heading">New task</h2>
      ${form.renderError()}
      <div class="fields">
        <div class="field wide">
          <label for="task-title">Title</label>
          <input
            id="task-title"
            name="title"
            required
            maxlength="300"
            autocomplete="off"
            aria-invalid=${form.invalid('title')}
            aria-describedby="task-title-error"
          />
          ${form.renderIssue('task-title-error', 'title')}
        </div>
        <div class="field wide">
          <label for="task-description">Description <span class="hint">(optional)</span></label>
          <textarea
            id="task-description"
            name="description"
            maxlength="50000"
            aria-invalid=${form.invalid('description')}
            aria-describedby="task-description-error"
          ></textarea>
          ${form.renderIssue('task-description-error', 'description')}
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
            aria-invalid=${form.invalid('priority')}
            aria-describedby="task-priority-hint task-priority-error"
          />
          <span class="hint" id="task-priority-hint">0 (lowest) to 100 (highest).</span>
          ${form.renderIssue('task-priority-error', 'priority')}
        </div>
      </div>
      ${renderCreateActions(this, form.submitting, 'Create task')}
    </form>`;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const title = formText(data, 'title').trim();
      if (!title) throw this.form.problem('Give the task a title.', form.querySelector<HTMLInputElement>('#task-title'));
      const description = formText(data, 'description');
      const type = formText(data, 'type');
      const priorityText = formText(data, 'priority').trim();
      const task = await createTask({
        title,
        ...(description.trim() ? { description } : {}),
        ...(type ? { type: type as AgentTypeKey } : {}),
        // An unparsable number is sent as is, so the hub names the field that is wrong.
        priority: priorityText === '' ? DEFAULT_PRIORITY : Number(priorityText),
      });
      form.reset();
      this.dispatchEvent(new CustomEvent<Task>(TASK_CREATED_EVENT, { detail: task }));
    });
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
