import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { createTask } from '../../api/tasks.js';
import type { AgentTypeKey, Task } from '../../api/types.js';
import '../../components/hive-status-chip.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS, TASK_STATUS_TONES } from '../../format/labels.js';
import { sessionsSpec } from '../../state/sessions.js';
import { tasksSpec } from '../../state/tasks.js';
import { createFormStyles, renderCreateActions } from '../create-form.js';

export const TASK_CREATED_EVENT = 'hive-task-created';

const DEFAULT_PRIORITY = 50;

/** What a new task may wait for: work that has not finished (the hub refuses a cycle). */
const OPEN_TASKS = tasksSpec({ statuses: ['pending', 'ready', 'assigned', 'running', 'retrying'] });

/**
 * "New task": a title, an optional description, who should work it, how urgently, its
 * session and the unfinished tasks it waits for (it becomes ready when they complete).
 */
@customElement('hive-task-create-form')
export class HiveTaskCreateForm extends LitElement {
  static override styles = [
    createFormStyles,
    css`
      fieldset {
        margin: 0;
        padding: 0.75rem;
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius-small);
        display: grid;
        gap: 0.5rem;
        min-width: 0;
      }
      legend {
        padding: 0 0.25rem;
        font-weight: 600;
      }
      .choices {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 14rem;
        overflow-y: auto;
      }
      .choices label.check {
        font-weight: 400;
        gap: 0.5rem;
      }
      .choices .title {
        flex: 1;
        min-width: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  private readonly form = new FormController(this, ['title', 'description', 'priority', 'type', 'sessionId', 'dependencies']);
  private readonly openTasks = new LiveController(this, () => OPEN_TASKS);
  private readonly sessions = new LiveController(this, () => sessionsSpec);

  /** The ids ticked under "Waits for", kept across the live list's changes. */
  @state() private dependencies = new Set<string>();
  @state() private dependencyFilter = '';

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
          <select id="task-type" name="type" aria-describedby="task-type-hint task-type-error">
            <option value="">Any type</option>
            ${AGENT_TYPES.map((type) => html`<option value=${type}>${AGENT_TYPE_LABELS[type]}</option>`)}
          </select>
          <span class="hint" id="task-type-hint">Which kind of agent should pick it up.</span>
          ${form.renderIssue('task-type-error', 'type')}
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
        <div class="field">
          <label for="task-session">Session</label>
          <select id="task-session" name="sessionId" aria-invalid=${form.invalid('sessionId')} aria-describedby="task-session-error">
            <option value="">No session</option>
            ${(this.sessions.value?.state.items ?? []).map((session) => html`<option value=${session.id}>${session.name}</option>`)}
          </select>
          ${form.renderIssue('task-session-error', 'sessionId')}
        </div>
        <div class="field wide">${this.renderDependencies()}</div>
      </div>
      ${renderCreateActions(this, form.submitting, 'Create task')}
    </form>`;
  }

  private renderDependencies() {
    const all = this.openTasks.value?.state.items ?? [];
    const filter = this.dependencyFilter.toLowerCase();
    const shown = all
      .filter((task) => this.dependencies.has(task.id) || !filter || task.title.toLowerCase().includes(filter))
      .slice(0, 100);
    return html`<fieldset aria-describedby="task-deps-hint task-deps-error" aria-invalid=${this.form.invalid('dependencies')}>
      <legend>Waits for <span class="hint">(optional${this.dependencies.size > 0 ? `, ${this.dependencies.size} chosen` : ''})</span></legend>
      <span class="hint" id="task-deps-hint">It becomes ready once every task ticked here has completed.</span>
      ${all.length === 0
        ? html`<span class="hint">No unfinished tasks to wait for.</span>`
        : html`<input
              id="task-deps-filter"
              type="search"
              placeholder="Find a task"
              autocomplete="off"
              aria-label="Find a task to wait for"
              .value=${this.dependencyFilter}
              @input=${(event: Event) => (this.dependencyFilter = (event.target as HTMLInputElement).value)}
            />
            <ul class="choices">
              ${repeat(
                shown,
                (task) => task.id,
                (task) => html`<li>
                  <label class="check">
                    <input
                      type="checkbox"
                      .checked=${this.dependencies.has(task.id)}
                      @change=${(event: Event) => this.toggle(task, (event.target as HTMLInputElement).checked)}
                    />
                    <span class="title">${task.title}</span>
                    <hive-status-chip status=${task.status} tone=${TASK_STATUS_TONES[task.status]}></hive-status-chip>
                  </label>
                </li>`,
              )}
            </ul>`}
      ${this.form.renderIssue('task-deps-error', 'dependencies')}
    </fieldset>`;
  }

  private toggle(task: Task, checked: boolean): void {
    const next = new Set(this.dependencies);
    if (checked) next.add(task.id);
    else next.delete(task.id);
    this.dependencies = next;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const title = formText(data, 'title').trim();
      if (!title) throw this.form.problem('Give the task a title.', form.querySelector<HTMLInputElement>('#task-title'));
      const description = formText(data, 'description');
      const type = formText(data, 'type');
      const sessionId = formText(data, 'sessionId');
      const priorityText = formText(data, 'priority').trim();
      const task = await createTask({
        title,
        ...(description.trim() ? { description } : {}),
        ...(type ? { type: type as AgentTypeKey } : {}),
        ...(sessionId ? { sessionId } : {}),
        ...(this.dependencies.size > 0 ? { dependencies: [...this.dependencies] } : {}),
        // An unparsable number is sent as is, so the hub names the field that is wrong.
        priority: priorityText === '' ? DEFAULT_PRIORITY : Number(priorityText),
      });
      form.reset();
      this.dependencies = new Set();
      this.dependencyFilter = '';
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
