import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { THEME_CHOICES, type ThemeChoice, chooseTheme, readThemeChoice } from '../../pwa/theme.js';
import { formStyles } from '../../styles/shared-styles.js';

const LABELS: Record<ThemeChoice, string> = { system: 'Match the system', light: 'Light', dark: 'Dark' };

/** System, light or dark, for this device; applied as soon as it is picked. */
@customElement('hive-theme-picker')
export class HiveThemePicker extends LitElement {
  static override styles = [
    formStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0 1.5rem;
      }
      legend {
        padding: 0;
        margin-bottom: 0.25rem;
        font-weight: 600;
      }
      .hint {
        margin: 0.25rem 0 0;
      }
    `,
  ];

  @state() private choice: ThemeChoice = readThemeChoice();

  override render() {
    return html`<fieldset aria-describedby="theme-hint">
        <legend>Theme</legend>
        ${THEME_CHOICES.map(
          (choice) => html`<label class="check">
            <input type="radio" name="theme" value=${choice} .checked=${choice === this.choice} @change=${() => this.pick(choice)} />
            ${LABELS[choice]}
          </label>`,
        )}
      </fieldset>
      <p class="hint" id="theme-hint">Saved on this device only. “Match the system” follows its light or dark setting.</p>`;
  }

  private pick(choice: ThemeChoice): void {
    this.choice = choice;
    chooseTheme(choice);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-theme-picker': HiveThemePicker;
  }
}
