import { type ReactiveControllerHost, type TemplateResult, html, nothing } from 'lit';
import '../components/hive-alert.js';
import { fieldIssues, formErrorMessage } from '../format/form-errors.js';

/** Sends the form; throwing (an ApiRequestError, or an Error for a local check) fails it. */
export type SubmitAction = (data: FormData, form: HTMLFormElement) => Promise<void>;

/**
 * Return true when the error was dealt with some other way (a rate-limit countdown) and
 * must not be shown as the form's error.
 */
export type ErrorHandler = (error: unknown, form: HTMLFormElement) => boolean;

/**
 * Submitting a form: one submission at a time (`submitting` disables the button), the
 * error it ended with, and the hub's per-field messages of a 422 (`details.issues`) for
 * the fields the form shows, each under its own field with `aria-invalid` on the input.
 * It needs no lifecycle hooks, only the host to re-render when its state changes.
 */
export class FormController {
  private busy = false;
  private error: unknown = null;
  private issues: ReadonlyMap<string, string> = new Map();

  /**
   * @param fields the issue paths this form shows beside a field; when the hub names
   *   only those, the alert above the form points at them instead of repeating them.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fields: readonly string[] = [],
  ) {}

  get submitting(): boolean {
    return this.busy;
  }

  get failed(): boolean {
    return this.error !== null;
  }

  /** The hub's message for a field (capitalised), or ''. */
  issue(path: string): string {
    return this.issues.get(path) ?? '';
  }

  /** For `aria-invalid`: whether the hub named any of these paths. */
  invalid(...paths: string[]): 'true' | 'false' {
    return paths.some((path) => this.issues.has(path)) ? 'true' : 'false';
  }

  /** The alert above the form, if the last submission failed. */
  renderError(): TemplateResult | typeof nothing {
    return this.error === null
      ? nothing
      : html`<hive-alert tone="danger">${formErrorMessage(this.error, this.fields)}</hive-alert>`;
  }

  /** The message under a field, as the `.field-error` its input's `aria-describedby` names. */
  renderIssue(id: string, ...paths: string[]): TemplateResult {
    const message = paths.map((path) => this.issue(path)).find(Boolean) ?? '';
    return html`<span class="field-error" id=${id}>${message}</span>`;
  }

  /** Handles a `submit` event: runs `action` with the form's data unless one is already running. */
  async submit(event: SubmitEvent, action: SubmitAction, handleError?: ErrorHandler): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    this.busy = true;
    this.setError(null);
    try {
      await action(new FormData(form), form);
    } catch (error) {
      if (!handleError?.(error, form)) this.setError(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /**
   * A problem found before sending, for the action to throw: it is reported like the
   * hub's errors, and the cursor goes to the field to fix.
   */
  problem(message: string, field?: HTMLElement | null): Error {
    field?.focus();
    return new Error(message);
  }

  private setError(error: unknown): void {
    this.error = error;
    this.issues = fieldIssues(error);
    this.host.requestUpdate();
  }
}

/** A text field's value from FormData; '' when it is missing. */
export function formText(data: FormData, name: string): string {
  return String(data.get(name) ?? '');
}
