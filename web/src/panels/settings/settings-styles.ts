import { css } from 'lit';

/**
 * What the managers on the Settings page share (tokens, users): an intro line with the
 * "New …" button, an inline form, and rows with a name, a status chip, a line of facts
 * and their buttons, which wrap under each other on a phone.
 */
export const settingsListStyles = css`
  :host {
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 1rem;
    margin-bottom: 1rem;
  }
  .toolbar p {
    flex: 1 1 20rem;
    margin: 0;
    color: var(--hive-text-muted);
  }
  code,
  .mono {
    font-family: var(--hive-mono);
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  hive-alert {
    margin-bottom: 1rem;
  }
  .inline-form {
    margin-bottom: 1rem;
    padding: 1rem;
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius);
    background: var(--hive-surface-raised);
  }
  .inline-form h3 {
    margin: 0;
    font-size: 1rem;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: 1rem;
  }
  .empty {
    margin: 0;
    color: var(--hive-text-muted);
  }
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }
  ul.rows > li {
    display: grid;
    gap: 0.375rem;
    padding: 0.75rem 0;
    border-top: 1px solid var(--hive-border);
  }
  ul.rows > li:first-child {
    border-top: none;
    padding-top: 0;
  }
  .row-main {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .row-name {
    font-weight: 650;
    overflow-wrap: anywhere;
  }
  .row-meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    color: var(--hive-text-muted);
    font-size: 0.875rem;
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  /* With room, a row's buttons sit at its right, beside its name and facts. */
  @container (min-width: 640px) {
    ul.rows > li {
      grid-template-columns: minmax(0, 1fr) auto;
      column-gap: 1rem;
    }
    ul.rows > li > * {
      grid-column: 1 / -1;
    }
    ul.rows > li > .row-main,
    ul.rows > li > .row-meta {
      grid-column: 1;
    }
    ul.rows > li > .row-actions {
      grid-column: 2;
      grid-row: 1 / span 2;
      align-self: center;
      justify-content: flex-end;
      align-items: center;
    }
  }
`;
