import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { describeError } from '../../api/client.js';
import type { Role, UpdateUserInput, User } from '../../api/types.js';
import { createUser, listUsers, updateUser } from '../../api/users.js';
import '../../components/hive-alert.js';
import { confirmAction } from '../../components/hive-confirm-dialog.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-status-chip.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { ROLE_LABELS } from '../../format/labels.js';
import { renderTimeAgo } from '../../format/time.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { buttonStyles, formStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { settingsListStyles } from './settings-styles.js';

const ROLES = Object.keys(ROLE_LABELS) as Role[];
/** Same floor as the shared `Password` schema, checked here to answer before a round trip. */
const MIN_PASSWORD_LENGTH = 8;

type Notice = { tone: 'success' | 'danger'; text: string };

/**
 * Users and their roles, for admins: create a user, change a role, disable or enable,
 * set a new password. Each change ends that user's sessions (the hub does it). The hub
 * refuses to demote or disable the last active admin; its message is shown as is.
 */
@customElement('hive-user-manager')
export class HiveUserManager extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    visuallyHiddenStyles,
    settingsListStyles,
    css`
      :host {
        display: block;
      }
      .role-picker {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .role-picker label {
        font-weight: 500;
        font-size: 0.875rem;
      }
      .role-picker select {
        width: auto;
      }
      .reset {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem;
        padding: 0.75rem;
        border-radius: var(--hive-radius-small);
        background: var(--hive-surface-raised);
      }
      .reset .field {
        flex: 1 1 14rem;
      }
    `,
  ];

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  @state() private creating = false;
  @state() private notice: Notice | null = null;
  /** Roles picked in a row's select but not yet saved, by user id. */
  @state() private pickedRoles = new Map<string, Role>();
  /** The user whose "new password" form is open. */
  @state() private resettingId: string | null = null;
  /** Users with a change in flight. */
  @state() private busy = new Set<string>();

  private readonly createForm = new FormController(this, ['username', 'password', 'role']);
  private readonly resetForm = new FormController(this, ['password']);

  private readonly users = new Task(this, {
    task: (_args: readonly [], { signal }) => listUsers(signal),
    args: () => [] as const,
  });

  override render() {
    return html`<div class="toolbar">
        <p>Who can sign in, and what each role allows. A change signs that user out everywhere.</p>
        ${this.creating
          ? nothing
          : html`<button type="button" class="primary" @click=${this.openForm}><hive-icon name="plus"></hive-icon>New user</button>`}
      </div>
      ${this.creating ? this.renderCreateForm() : nothing}
      ${this.notice ? html`<hive-alert tone=${this.notice.tone}>${this.notice.text}</hive-alert>` : nothing}
      ${this.users.render({
        pending: () => (this.users.value ? this.renderList(this.users.value) : html`<hive-loading label="Loading users…"></hive-loading>`),
        complete: (users) => this.renderList(users),
        error: (error) =>
          html`<hive-error-state heading="Couldn't load users" .error=${error} @hive-retry=${() => void this.users.run()}></hive-error-state>`,
      })}`;
  }

  private renderCreateForm() {
    const form = this.createForm;
    return html`<form class="inline-form" @submit=${this.onCreate} aria-labelledby="new-user-heading" novalidate>
      <h3 id="new-user-heading">New user</h3>
      ${form.renderError()}
      <div class="fields">
        <div class="field">
          <label for="user-name">Username</label>
          <input
            id="user-name"
            name="username"
            required
            minlength="2"
            maxlength="64"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            aria-describedby="user-name-hint user-name-error"
            aria-invalid=${form.invalid('username')}
          />
          <span class="hint" id="user-name-hint">Letters, digits, _ . and -</span>
          ${form.renderIssue('user-name-error', 'username')}
        </div>
        <div class="field">
          <label for="user-password">Password</label>
          <input
            id="user-password"
            name="password"
            type="password"
            required
            minlength=${MIN_PASSWORD_LENGTH}
            autocomplete="new-password"
            aria-describedby="user-password-hint user-password-error"
            aria-invalid=${form.invalid('password')}
          />
          <span class="hint" id="user-password-hint">At least ${MIN_PASSWORD_LENGTH} characters; tell it to them safely.</span>
          ${form.renderIssue('user-password-error', 'password')}
        </div>
        <div class="field">
          <label for="user-role">Role</label>
          <select id="user-role" name="role" aria-describedby="user-role-error">
            ${ROLES.map((role) => html`<option value=${role} ?selected=${role === 'viewer'}>${ROLE_LABELS[role]}</option>`)}
          </select>
          ${form.renderIssue('user-role-error', 'role')}
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Creating…' : 'Create user'}</button>
        <button type="button" @click=${() => (this.creating = false)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderList(users: readonly User[]) {
    const now = Date.now();
    const myId = this.auth?.status === 'signed-in' ? this.auth.me.user.id : null;
    return html`<ul class="rows" aria-label="Users">
      ${repeat(
        users,
        (user) => user.id,
        (user) => {
          const picked = this.pickedRoles.get(user.id) ?? user.role;
          const busy = this.busy.has(user.id);
          const selectId = `role-${user.id}`;
          return html`<li>
            <div class="row-main">
              <span class="row-name">${user.username}</span>
              ${user.id === myId ? html`<hive-status-chip label="You" tone="info"></hive-status-chip>` : nothing}
              <hive-status-chip label=${user.disabled ? 'Disabled' : 'Active'} tone=${user.disabled ? 'muted' : 'success'}></hive-status-chip>
            </div>
            <div class="row-meta">
              <span>${ROLE_LABELS[user.role]}</span>
              <span>Member since ${renderTimeAgo(user.createdAt, now)}</span>
            </div>
            <div class="row-actions">
              <div class="role-picker">
                <label for=${selectId}>Role<span class="visually-hidden"> of ${user.username}</span></label>
                <select id=${selectId} .value=${picked} ?disabled=${busy} @change=${(event: Event) => this.pickRole(user, event)}>
                  ${ROLES.map((role) => html`<option value=${role} ?selected=${role === picked}>${ROLE_LABELS[role]}</option>`)}
                </select>
                ${picked !== user.role
                  ? html`<button type="button" class="primary" ?disabled=${busy} @click=${() => void this.changeRole(user, picked, user.id === myId)}>
                      Change role<span class="visually-hidden"> of ${user.username}</span>
                    </button>`
                  : nothing}
              </div>
              <button type="button" ?disabled=${busy} @click=${() => void this.toggleDisabled(user, user.id === myId)}>
                ${user.disabled ? 'Enable' : 'Disable'}<span class="visually-hidden"> ${user.username}</span>
              </button>
              ${this.resettingId === user.id
                ? nothing
                : html`<button type="button" ?disabled=${busy} @click=${() => this.openReset(user)}>
                    Set password<span class="visually-hidden"> for ${user.username}</span>
                  </button>`}
            </div>
            ${this.resettingId === user.id ? this.renderResetForm(user) : nothing}
          </li>`;
        },
      )}
    </ul>`;
  }

  private renderResetForm(user: User) {
    const form = this.resetForm;
    return html`<form @submit=${(event: SubmitEvent) => this.onReset(event, user)} novalidate aria-label="New password for ${user.username}">
      ${form.renderError()}
      <div class="reset">
        <div class="field">
          <label for="reset-password">New password for ${user.username}</label>
          <input
            id="reset-password"
            name="password"
            type="password"
            required
            minlength=${MIN_PASSWORD_LENGTH}
            autocomplete="new-password"
            aria-describedby="reset-password-error"
            aria-invalid=${form.invalid('password')}
          />
          ${form.renderIssue('reset-password-error', 'password')}
        </div>
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Saving…' : 'Save password'}</button>
        <button type="button" @click=${() => (this.resettingId = null)}>Cancel</button>
      </div>
    </form>`;
  }

  private openForm(): void {
    this.creating = true;
    this.notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#user-name')?.focus());
  }

  private openReset(user: User): void {
    this.resettingId = user.id;
    this.notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#reset-password')?.focus());
  }

  private pickRole(user: User, event: Event): void {
    const next = new Map(this.pickedRoles);
    const role = (event.target as HTMLSelectElement).value as Role;
    if (role === user.role) next.delete(user.id);
    else next.set(user.id, role);
    this.pickedRoles = next;
  }

  private onCreate(event: SubmitEvent): Promise<void> {
    return this.createForm.submit(event, async (data, form) => {
      const username = formText(data, 'username').trim();
      const password = formText(data, 'password');
      if (!username) throw this.createForm.problem('Give the user a username.', form.querySelector<HTMLInputElement>('#user-name'));
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw this.createForm.problem(
          `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
          form.querySelector<HTMLInputElement>('#user-password'),
        );
      }
      const user = await createUser({ username, password, role: formText(data, 'role') as Role });
      this.creating = false;
      this.notice = { tone: 'success', text: `User “${user.username}” created as ${ROLE_LABELS[user.role]}.` };
      void this.users.run();
    });
  }

  private onReset(event: SubmitEvent, user: User): Promise<void> {
    return this.resetForm.submit(event, async (data, form) => {
      const password = formText(data, 'password');
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw this.resetForm.problem(
          `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
          form.querySelector<HTMLInputElement>('#reset-password'),
        );
      }
      await updateUser(user.id, { password });
      this.resettingId = null;
      this.notice = { tone: 'success', text: `New password set for “${user.username}”. Their sessions have ended.` };
    });
  }

  private async changeRole(user: User, role: Role, isMe: boolean): Promise<void> {
    if (isMe) {
      const confirmed = await confirmAction({
        heading: `Change your own role to ${ROLE_LABELS[role]}?`,
        message: 'You will be signed out, and you may lose access to this page.',
        confirmLabel: 'Change my role',
        danger: true,
      });
      if (!confirmed) return;
    }
    await this.apply(user, { role }, `“${user.username}” is now ${ROLE_LABELS[role]}. Their sessions have ended.`);
  }

  private async toggleDisabled(user: User, isMe: boolean): Promise<void> {
    if (!user.disabled) {
      const confirmed = await confirmAction({
        heading: `Disable ${isMe ? 'your own account' : `“${user.username}”`}?`,
        message: `${isMe ? 'You' : 'They'} will be signed out everywhere and cannot sign in until an admin enables the account again.`,
        confirmLabel: 'Disable',
        danger: true,
      });
      if (!confirmed) return;
    }
    const disabled = !user.disabled;
    await this.apply(user, { disabled }, disabled ? `“${user.username}” is disabled.` : `“${user.username}” can sign in again.`);
  }

  private async apply(user: User, patch: UpdateUserInput, success: string): Promise<void> {
    this.busy = new Set([...this.busy, user.id]);
    this.notice = null;
    try {
      await updateUser(user.id, patch);
      this.notice = { tone: 'success', text: success };
      await this.users.run();
    } catch (error) {
      // E.g. 409 "Hive needs at least one active admin; promote another user first".
      this.notice = { tone: 'danger', text: describeError(error) };
    } finally {
      // Either way the row shows the user as the hub has them.
      const picked = new Map(this.pickedRoles);
      picked.delete(user.id);
      this.pickedRoles = picked;
      const next = new Set(this.busy);
      next.delete(user.id);
      this.busy = next;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-user-manager': HiveUserManager;
  }
}
