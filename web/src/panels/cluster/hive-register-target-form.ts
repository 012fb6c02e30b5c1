import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { registerTarget } from '../../api/cluster.js';
import type { RegisterTargetInput, RuntimeTarget } from '../../api/types.js';
import { FormController, formText } from '../../controllers/form-controller.js';
import { buttonStyles, formStyles } from '../../styles/shared-styles.js';

export const TARGET_REGISTERED_EVENT = 'hive-target-registered';

/**
 * Register a runtime target (admins): a Docker host by URL (`tcp://`, `https://`, `ssh://`,
 * `unix://`) or socket path, or a Kubernetes cluster by kubeconfig context, with an optional
 * capacity. The hub connects before it accepts, so a wrong address is answered on the field.
 */
@customElement('hive-register-target-form')
export class HiveRegisterTargetForm extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
        max-width: 32rem;
      }
    `,
  ];

  @state() private kind: 'docker' | 'kubernetes' = 'docker';
  private readonly form = new FormController(this, ['name', 'url', 'socketPath', 'context', 'capacity', 'kind']);

  override render() {
    const form = this.form;
    const docker = this.kind === 'docker';
    const addressPaths = docker ? ['url', 'socketPath'] : ['context'];
    return html`<form @submit=${this.onSubmit} novalidate>
      ${form.renderError()}
      <div class="field">
        <label for="target-kind">Kind</label>
        <select id="target-kind" name="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as 'docker' | 'kubernetes')}>
          <option value="docker" ?selected=${docker}>Docker host</option>
          <option value="kubernetes" ?selected=${!docker}>Kubernetes cluster</option>
        </select>
      </div>
      <div class="field">
        <label for="target-name">Name</label>
        <input id="target-name" name="name" required maxlength="120" aria-invalid=${form.invalid('name')} aria-describedby="target-name-error" />
        ${form.renderIssue('target-name-error', 'name')}
      </div>
      <div class="field">
        <label for="target-address">${docker ? 'Address' : 'Kubernetes context'}</label>
        <input
          id="target-address"
          name="address"
          required
          maxlength="500"
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${form.invalid(...addressPaths)}
          aria-describedby="target-address-hint target-address-error"
        />
        <span class="hint" id="target-address-hint">
          ${docker
            ? 'tcp://host:2375, https://host:2376, ssh://user@host, unix:///path or a socket path such as /var/run/docker.sock.'
            : 'A context of the hub’s kubeconfig; the hub’s HIVE_K8S_* settings apply.'}
        </span>
        ${form.renderIssue('target-address-error', ...addressPaths)}
      </div>
      <div class="field">
        <label for="target-capacity">Capacity (optional)</label>
        <input id="target-capacity" name="capacity" type="number" min="1" max="10000" inputmode="numeric" aria-invalid=${form.invalid('capacity')} aria-describedby="target-capacity-hint target-capacity-error" />
        <span class="hint" id="target-capacity-hint">Most agents placed there at once; empty for no limit.</span>
        ${form.renderIssue('target-capacity-error', 'capacity')}
      </div>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${form.submitting}>${form.submitting ? 'Connecting…' : 'Register target'}</button>
      </div>
    </form>`;
  }

  private onSubmit(event: SubmitEvent): Promise<void> {
    return this.form.submit(event, async (data, form) => {
      const name = formText(data, 'name').trim();
      const address = formText(data, 'address').trim();
      const capacityText = formText(data, 'capacity').trim();
      if (!name) throw this.form.problem('Give the target a name.', form.querySelector('#target-name') as HTMLElement);
      if (!address) throw this.form.problem('Give its address.', form.querySelector('#target-address') as HTMLElement);
      const capacity = capacityText ? Number(capacityText) : undefined;
      const input: RegisterTargetInput =
        this.kind === 'kubernetes'
          ? { kind: 'kubernetes', name, context: address, ...(capacity !== undefined && { capacity }) }
          : { kind: 'docker', name, ...(address.startsWith('/') ? { socketPath: address } : { url: address }), ...(capacity !== undefined && { capacity }) };
      const target: RuntimeTarget = await registerTarget(input);
      form.reset();
      this.kind = 'docker';
      this.dispatchEvent(new CustomEvent(TARGET_REGISTERED_EVENT, { detail: { target }, bubbles: true, composed: true }));
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-register-target-form': HiveRegisterTargetForm;
  }
  interface HTMLElementEventMap {
    [TARGET_REGISTERED_EVENT]: CustomEvent<{ target: RuntimeTarget }>;
  }
}
