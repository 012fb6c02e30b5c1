import { Task as AsyncTask } from '@lit/task';
import { LitElement, type TemplateResult, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiRequestError } from '../../api/client.js';
import { fetchTask } from '../../api/tasks.js';
import type { DomainEvent, Task } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-error-state.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-progress-log.js';
import '../../components/hive-status-chip.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { TaskActionsController } from '../../controllers/task-actions-controller.js';
import { EVENT_TYPE_LABELS, describeActor } from '../../format/events.js';
import { TASK_STATUS_TONES, agentTypeLabel, humanize } from '../../format/labels.js';
import { formatCost, formatTokens } from '../../format/numbers.js';
import { renderTimeAgo } from '../../format/time.js';
import { fleetSpec } from '../../state/agents.js';
import { eventsSpec } from '../../state/events.js';
import { taskOutputSpec } from '../../state/progress.js';
import { taskMoves } from '../../state/task-transitions.js';
import { taskSpec } from '../../state/tasks.js';
import { buttonStyles, cardStyles, focusStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import { isId } from '../../state/ids.js';
import { detailPageStyles, renderBackLink, renderCollection, renderNoSuch } from '../detail-page.js';
import { askPriority } from './hive-priority-dialog.js';

const TIMELINE_LIMIT = 500;

/**
 * One task, live: its state and facts, what it waits for, its result or error, the output
 * its agent streamed (stored, then live) and its timeline of domain events. Operators can
 * cancel, retry or reprioritise it where the state machine allows.
 */
@customElement('hive-task-page')
export class HiveTaskPage extends LitElement {
  static override styles = [buttonStyles, cardStyles, focusStyles, stackedPanelStyles, detailPageStyles];

  @property({ attribute: 'task-id' }) taskId = '';

  private readonly task = new LiveController(this, () => (isId(this.taskId) ? taskSpec(this.taskId) : null));
  private readonly output = new LiveController(this, () => (isId(this.taskId) ? taskOutputSpec(this.taskId) : null));
  private readonly timeline = new LiveController(this, () =>
    isId(this.taskId) ? eventsSpec({ subject: `task:${this.taskId}`, limit: TIMELINE_LIMIT }) : null,
  );
  private readonly fleet = new LiveController(this, () => fleetSpec);
  private readonly actions = new TaskActionsController(this);
  private readonly clock = new ClockController(this, 15_000);

  /** Titles and states of the tasks this one waits for (they change rarely: loaded, not live). */
  private readonly dependencies = new AsyncTask(this, {
    task: ([ids], { signal }) => Promise.all(ids.split(',').filter(Boolean).map((id) => fetchTask(id, signal).catch(() => null))),
    args: () => [this.task.value?.state.items[0]?.dependencies.join(',') ?? ''] as const,
  });

  override render() {
    const collection = this.task.value;
    const state = collection?.state;
    const task = state?.items[0];
    if (!isId(this.taskId)) return renderNoSuch('task', '/tasks', 'Tasks');
    if (!task) {
      return html`${renderBackLink('/tasks', 'Tasks')}
        ${state?.status === 'error'
          ? html`<hive-error-state
              heading=${isNotFound(state.error) ? 'There is no such task' : "Couldn't load the task"}
              .error=${state.error}
              @hive-retry=${() => void collection?.reload()}
            ></hive-error-state>`
          : html`<hive-loading label="Loading the task…"></hive-loading>`}`;
    }
    return html`${renderBackLink('/tasks', 'Tasks')}
      <hive-page-header heading=${task.title} description=${task.description.split('\n', 1)[0] ?? ''}>${this.renderActions(task)}</hive-page-header>
      ${this.actions.allowed ? nothing : html`<p class="note">You can watch this task; changing it takes the operator role.</p>`}
      ${this.actions.renderFailure()}
      <div class="columns">
        <section class="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">State</h2>
          ${this.renderFacts(task)}
        </section>
        <section class="card" aria-labelledby="result-heading">
          <h2 id="result-heading">Result</h2>
          ${renderResult(task)}
        </section>
      </div>
      ${task.description.includes('\n') || task.description.length > 120
        ? html`<section class="card" aria-labelledby="description-heading">
            <h2 id="description-heading">Description</h2>
            <pre>${task.description}</pre>
          </section>`
        : nothing}
      <section class="card" aria-labelledby="output-heading">
        <h2 id="output-heading">Output</h2>
        ${renderCollection(this.output.value, 'the output', (stream) => html`<hive-progress-log
          label="Output of “${task.title}”"
          empty=${task.status === 'pending' || task.status === 'ready' ? 'Nothing yet: the task has not started.' : 'No output recorded.'}
          .entries=${stream.entries}
        ></hive-progress-log>`)}
      </section>
      <section class="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        ${renderCollection(this.timeline.value, 'the timeline', ({ items }) => this.renderTimeline(items))}
      </section>`;
  }

  /** The moves the task's status allows; disabled for viewers and while one is on its way. */
  private renderActions(task: Task): TemplateResult {
    const moves = taskMoves(task.status);
    const disabled = !this.actions.allowed || this.actions.busy(task.id);
    return html`${moves.retry
      ? html`<button slot="actions" type="button" class="primary" ?disabled=${disabled} @click=${() => void this.actions.run(task, { kind: 'retry' })}>
          Retry
        </button>`
      : nothing}
    ${moves.reprioritise
      ? html`<button slot="actions" type="button" ?disabled=${disabled} @click=${() => void this.reprioritise(task)}>Set priority…</button>`
      : nothing}
    ${moves.cancel
      ? html`<button slot="actions" type="button" class="danger" ?disabled=${disabled} @click=${() => void this.actions.run(task, { kind: 'cancel' })}>
          Cancel task
        </button>`
      : nothing}`;
  }

  private async reprioritise(task: Task): Promise<void> {
    const priority = await askPriority(task.title, task.priority);
    if (priority !== null) await this.actions.run(task, { kind: 'priority', priority });
  }

  private renderFacts(task: Task): TemplateResult {
    const now = this.clock.now;
    const agent = task.assignedAgentId ? this.fleet.value?.get(task.assignedAgentId) : undefined;
    return html`<dl>
      <dt>Status</dt>
      <dd><hive-status-chip status=${task.status} tone=${TASK_STATUS_TONES[task.status]}></hive-status-chip></dd>
      <dt>Priority</dt>
      <dd>${task.priority}</dd>
      <dt>Agent type</dt>
      <dd>${agentTypeLabel(task.type)}</dd>
      <dt>Agent</dt>
      <dd>
        ${task.assignedAgentId
          ? html`<a href="/agents/${task.assignedAgentId}">${agent?.name ?? `agent ${task.assignedAgentId.slice(0, 8)}`}</a>`
          : 'Not assigned'}
      </dd>
      <dt>Attempts</dt>
      <dd>${task.attempts} of ${task.maxAttempts}</dd>
      <dt>Waits for</dt>
      <dd>${this.renderDependencies(task)}</dd>
      <dt>Created</dt>
      <dd>${renderTimeAgo(task.createdAt, now)} by ${describeActor(task.createdBy, (id) => this.fleet.value?.get(id)?.name)}</dd>
      ${task.startedAt ? html`<dt>Started</dt><dd>${renderTimeAgo(task.startedAt, now)}</dd>` : nothing}
      ${task.completedAt ? html`<dt>Finished</dt><dd>${renderTimeAgo(task.completedAt, now)}</dd>` : nothing}
      ${task.availableAt && task.status === 'retrying' ? html`<dt>Retries</dt><dd>${renderTimeAgo(task.availableAt, now)}</dd>` : nothing}
      <dt>Usage</dt>
      <dd>${formatTokens(task.tokensUsed)} · ${formatCost(task.costUsd)}</dd>
    </dl>`;
  }

  private renderDependencies(task: Task): unknown {
    if (task.dependencies.length === 0) return 'Nothing';
    const loaded = this.dependencies.value ?? [];
    return task.dependencies.map((id) => {
      const dependency = loaded.find((candidate) => candidate?.id === id);
      return html`<a href="/tasks/${id}">${dependency ? `${dependency.title} (${humanize(dependency.status)})` : `task ${id.slice(0, 8)}`}</a>`;
    });
  }

  private renderTimeline(events: readonly DomainEvent[]): TemplateResult {
    if (events.length === 0) return html`<p class="note">No events yet.</p>`;
    const now = this.clock.now;
    // Oldest first: a timeline reads from how the task began.
    const ordered = [...events].reverse();
    return html`<ol class="timeline" aria-label="Events of this task, oldest first">
      ${repeat(
        ordered,
        (event) => event.seq,
        (event) => {
          const payload = event.payload as Partial<Task>;
          return html`<li>
            <span class="what">
              ${EVENT_TYPE_LABELS[event.type] ?? event.type}${payload.status ? html` — ${humanize(payload.status)}` : nothing}
            </span>
            ${renderTimeAgo(event.createdAt, now)}
            <p class="note">
              by ${describeActor(event.actor, (id) => this.fleet.value?.get(id)?.name)}${payload.error && payload.status !== 'completed'
                ? ` · ${payload.error}`
                : ''}
            </p>
          </li>`;
        },
      )}
    </ol>`;
  }
}

function renderResult(task: Task): TemplateResult {
  if (task.error && task.status !== 'completed') {
    return html`<hive-alert tone="danger">${task.error}</hive-alert>`;
  }
  if (!task.result) return html`<p class="note">${task.status === 'completed' ? 'Completed without a result.' : 'No result yet.'}</p>`;
  // Agents report `{ summary, … }`: the summary reads as prose, the rest stays at hand.
  const summary = typeof task.result['summary'] === 'string' ? task.result['summary'] : null;
  const json = JSON.stringify(task.result, null, 2);
  return summary
    ? html`<p class="summary">${summary}</p>
        <details>
          <summary>The whole result</summary>
          <pre>${json}</pre>
        </details>`
    : html`<pre>${json}</pre>`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 404 || error.status === 422);
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-task-page': HiveTaskPage;
  }
}
