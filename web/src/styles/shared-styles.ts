import { css } from 'lit';

/**
 * Style fragments that several components need inside their shadow roots. Shadow DOM
 * does not inherit document styles, so buttons and form fields are styled here once
 * and included with `static styles = [buttonStyles, …]`.
 */

/**
 * The document's \`* { box-sizing: border-box }\` does not reach into shadow roots; every
 * component that sizes boxes with padding includes this.
 */
export const boxSizingStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
`;

export const focusStyles = css`
  :focus-visible {
    outline: 3px solid var(--hive-focus);
    outline-offset: 2px;
  }
`;

export const visuallyHiddenStyles = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

export const buttonStyles = css`
  ${boxSizingStyles}
  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: var(--hive-touch);
    min-width: var(--hive-touch);
    padding: 0 1rem;
    border: 1px solid var(--hive-border-strong);
    border-radius: var(--hive-radius-small);
    background: var(--hive-surface);
    color: var(--hive-text);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  button:hover:not(:disabled),
  .button:hover {
    background: var(--hive-surface-raised);
  }
  button.primary {
    background: var(--hive-brand);
    border-color: var(--hive-brand);
    color: var(--hive-on-brand);
  }
  button.primary:hover:not(:disabled) {
    filter: brightness(1.06);
    background: var(--hive-brand);
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
  }
  /* For actions that cannot be undone or cut someone off; always behind a confirmation. */
  button.danger {
    background: var(--hive-tone-danger-fg);
    border-color: var(--hive-tone-danger-fg);
    color: var(--hive-surface);
  }
  button.danger:hover:not(:disabled) {
    filter: brightness(1.1);
    background: var(--hive-tone-danger-fg);
  }
  button.icon-only {
    padding: 0;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button:focus-visible,
  .button:focus-visible {
    outline: 3px solid var(--hive-focus);
    outline-offset: 2px;
  }
`;

export const formStyles = css`
  ${boxSizingStyles}
  form {
    display: grid;
    gap: 1rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label {
    font-weight: 600;
  }
  .hint,
  .field-error {
    font-size: 0.875rem;
  }
  .hint {
    color: var(--hive-text-muted);
  }
  .field-error {
    color: var(--hive-tone-danger-fg);
  }
  input,
  select,
  textarea {
    min-height: var(--hive-touch);
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--hive-border-strong);
    border-radius: var(--hive-radius-small);
    background: var(--hive-surface);
    color: var(--hive-text);
    font: inherit;
  }
  textarea {
    min-height: 6rem;
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--hive-focus);
    outline-offset: 1px;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--hive-tone-danger-fg);
  }
  /* A checkbox inside its label: the whole row is the touch target. */
  label.check {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    min-height: var(--hive-touch);
    cursor: pointer;
  }
  label.check input {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
    margin: 0;
    padding: 0;
    accent-color: var(--hive-brand);
  }
  label.check input[aria-invalid='true'] {
    outline: 2px solid var(--hive-tone-danger-fg);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
`;

export const cardStyles = css`
  ${boxSizingStyles}
  .card {
    background: var(--hive-surface);
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius);
    box-shadow: var(--hive-shadow);
    padding: 1rem;
  }
`;

/** A panel that is a column of titled sections (cards) under its header, evenly spaced. */
export const stackedPanelStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  hive-page-header {
    margin-bottom: 0;
  }
  section h2 {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
  }
`;

/** A modal <dialog> (confirmations, the one-time token secret) over a dimmed page. */
export const dialogStyles = css`
  ${boxSizingStyles}
  dialog {
    width: min(32rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    padding: 1.25rem;
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius);
    background: var(--hive-surface);
    color: var(--hive-text);
    box-shadow: var(--hive-shadow);
  }
  dialog::backdrop {
    background: var(--hive-scrim);
  }
  dialog h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125rem;
  }
  dialog .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.75rem;
  }
`;
