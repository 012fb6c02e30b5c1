import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { describeError } from '../../api/client.js';
import { createToken, listTokens, revokeToken } from '../../api/tokens.js';
import type { ApiToken, CreatedToken, Role } from '../../api/types.js';
import '../../components/hive-alert.js';
import { confirmAction } from '../../components/hive-confirm-dialog.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-status-chip.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { ROLE_LABELS, type Tone } from '../../format/labels.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { roleAtLeast } from '../../state/permissions.js';
import { buttonStyles, formStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { settingsListStyles } from './settings-styles.js';
import './hive-token-secret-dialog.js';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** Expiry choices in days; 0 is "never". */
const EXPIRY_CHOICES: ReadonlyArray<{ days: number; label: string }> = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never' },
];
const DEFAULT_EXPIRY_DAYS = 90;

type TokenStatus = 'active' | 'expired' | 'revoked';
const STATUS_TONES: Record<TokenStatus, Tone> = { active: 'success', expired: 'muted', revoked: 'muted' };

/**
 * Your API tokens, for scripts and CI: the list (revoked and expired ones included, so
 * the history is visible), "New token" (name, role up to your own, expiry), the secret
 * shown once in a dialog, and Revoke behind a confirmation.
 */
@customElement('hive-token-manager')
export class HiveTokenManager extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    visuallyHiddenStyles,
    settingsListStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  @state() private creating = false;
  /** The token just created, secret included, until its dialog is closed. */
  @state() private created: CreatedToken | null = null;
  @state() private notice: { tone: 'success' | 'danger'; text: string } | null = null;
  @state() private revoking = new Set<string>();

  private readonly form = new FormController(this, ['name', 'role', 'expiresInDays']);

  private readonly tokens = new Task(this, {
    task: (_args: readonly [], { signal }) => listTokens(signal),
    args: () => [] as const,
  });

  override render() {
    return html`<div class="toolbar">
        <p>Scripts and CI call the REST API with a token: <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with your role or a lower one.</p>
        ${this.creating
          ? nothing
          : html`<button type="button" class="primary" @click=${this.openForm}><hive-icon name="plus"></hive-icon>New token</button>`}
      </div>
      ${this.creating ? this.renderForm() : nothing}
      ${this.notice ? html`<hive-alert tone=${this.notice.tone}>${this.notice.text}</hive-alert>` : nothing}
      ${this.tokens.render({
        pending: () => (this.tokens.value ? this.renderList(this.tokens.value) : html`<hive-loading label="Loading tokens…"></hive-loading>`),
        complete: (tokens) => this.renderList(tokens),
        error: (error) =>
          html`<hive-error-state heading="Couldn't load your tokens" .error=${error} @hive-retry=${() => void this.tokens.run()}></hive-error-state>`,
      })}
      <hive-token-secret-dialog .token=${this.created} @hive-secret-dismissed=${() => (this.created = null)}></hive-token-secret-dialog>`;
  }

  private renderForm() {
    const form = this.form;
    const myRole = this.myRole();
    return html`<form class="inline-form" @submit=${this.onSubmit} aria-labelledby="new-token-heading" novalidate>
      <h3 id="new-token-heading">New token</h3>
      ${form.renderError()}
      <div class="fields">
        <div class="field">
          <label for="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            required
            maxlength="100"
            autocomplete="off"
            aria-describedby="token-name-hint token-name-error"
            aria-invalid=${form.invalid('name')}
          />
          <span class="hint" id="token-name-hint">What uses it, e.g. “CI deploy”.</span>
          ${form.renderIssue('token-name-error', 'name')}
        </div>
        <div class="field">
          <label for="token-role">Role</label>
          <select id="token-role" name="role" aria-describedby="token-role-error" aria-invalid=${form.invalid('role')}>
            ${ROLES.filter((role) => roleAtLeast(myRole, role)).map(
              (role) => html`<option value=${role} ?selected=${role === myRole}>${ROLE_LABELS[role]}</option>`,
            )}
          </select>
          ${form.renderIssue('token-role-error', 'role')}
        </div>
        <div class="field">
          <label for="token-expiry">Expires after</label>
          <select id="token-expiry" name="expiresInDays" aria-describedby="token-expiry-error">
            ${EXPIRY_CHOICES.map(
              (choice) => html`<option value=${choice.days} ?selected=${choice.days === DEFAULT_EXPIRY_DAYS}>${choice.label}</option>`,
            )}
          </select>
          ${form.renderIssue('token-expiry-error', 'expiresInDays')}
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Creating…' : 'Create token'}</button>
        <button type="button" @click=${() => (this.creating = false)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderList(tokens: readonly ApiToken[]) {
    if (tokens.length === 0) return html`<p class="empty">You have no API tokens.</p>`;
    const now = Date.now();
    return html`<ul class="rows" aria-label="API tokens">
      ${repeat(
        tokens,
        (token) => token.id,
        (token) => {
          const status = tokenStatus(token, now);
          return html`<li>
            <div class="row-main">
              <span class="row-name">${token.name}</span>
              <hive-status-chip label=${statusLabel(status)} tone=${STATUS_TONES[status]}></hive-status-chip>
            </div>
            <div class="row-meta">
              <span class="mono" title="The first characters of the token">${token.prefix}…</span>
              <span>${ROLE_LABELS[token.role]}</span>
              <span>Created ${renderTimeAgo(token.createdAt, now)}</span>
              <span>${token.lastUsedAt ? html`Last used ${renderTimeAgo(token.lastUsedAt, now)}` : 'Never used'}</span>
              <span>${expiryText(token, now)}</span>
            </div>
            ${status === 'revoked'
              ? nothing
              : html`<div class="row-actions">
                  <button type="button" ?disabled=${this.revoking.has(token.id)} @click=${() => void this.revoke(token)}>
                    ${this.revoking.has(token.id) ? 'Revoking…' : 'Revoke'}<span class="visually-hidden"> ${token.name}</span>
                  </button>
                </div>`}
          </li>`;
        },
      )}
    </ul>`;
  }

  private openForm(): void {
    this.creating = true;
    this.notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#token-name')?.focus());
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const name = formText(data, 'name').trim();
      if (!name) throw this.form.problem('Give the token a name.', form.querySelector<HTMLInputElement>('#token-name'));
      const days = Number(formText(data, 'expiresInDays'));
      const created = await createToken({
        name,
        role: formText(data, 'role') as Role,
        ...(days > 0 ? { expiresInDays: days } : {}),
      });
      this.creating = false;
      this.created = created;
      this.notice = { tone: 'success', text: `Token “${created.name}” created.` };
      void this.tokens.run();
    });
  }

  private async revoke(token: ApiToken): Promise<void> {
    const confirmed = await confirmAction({
      heading: `Revoke “${token.name}”?`,
      message: 'Anything still using this token will be refused from now on. This cannot be undone.',
      confirmLabel: 'Revoke token',
      danger: true,
    });
    if (!confirmed) return;
    this.revoking = new Set([...this.revoking, token.id]);
    this.notice = null;
    try {
      await revokeToken(token.id);
      this.notice = { tone: 'success', text: `Token “${token.name}” revoked.` };
      await this.tokens.run();
    } catch (error) {
      this.notice = { tone: 'danger', text: `Couldn't revoke “${token.name}”: ${describeError(error)}` };
    } finally {
      const next = new Set(this.revoking);
      next.delete(token.id);
      this.revoking = next;
    }
  }

  private myRole(): Role {
    return this.auth?.status === 'signed-in' ? this.auth.me.user.role : 'viewer';
  }
}

function tokenStatus(token: ApiToken, now: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

function statusLabel(status: TokenStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

function expiryText(token: ApiToken, now: number) {
  if (token.revokedAt) return html`Revoked ${renderTimeAgo(token.revokedAt, now)}`;
  if (!token.expiresAt) return 'Never expires';
  const verb = Date.parse(token.expiresAt) <= now ? 'Expired' : 'Expires';
  return html`${verb} <time datetime=${token.expiresAt} title=${formatDateTime(token.expiresAt)}>${formatDateTime(token.expiresAt)}</time>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-token-manager': HiveTokenManager;
  }
}
