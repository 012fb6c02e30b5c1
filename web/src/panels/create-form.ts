import { type TemplateResult, css, html } from 'lit';
import { buttonStyles, cardStyles, formStyles } from '../styles/shared-styles.js';

/**
 * What the inline "New …" forms of the list panels share: their card layout and their
 * buttons. A form that is dismissed emits FORM_CANCEL_EVENT and its panel hides it.
 */
export const FORM_CANCEL_EVENT = 'hive-form-cancel';

export const createFormStyles = [
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

/** "Create agent" (or "Creating…" while it is sent) and Cancel. */
export function renderCreateActions(form: HTMLElement, submitting: boolean, label: string): TemplateResult {
  return html`<div class="actions">
    <button type="submit" class="primary" ?disabled=${submitting}>${submitting ? 'Creating…' : label}</button>
    <button type="button" @click=${() => form.dispatchEvent(new CustomEvent(FORM_CANCEL_EVENT))}>Cancel</button>
  </div>`;
}

declare global {
  interface HTMLElementEventMap {
    [FORM_CANCEL_EVENT]: CustomEvent<void>;
  }
}
