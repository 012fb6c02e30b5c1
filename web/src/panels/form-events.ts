/** A create form was dismissed without saving; its panel hides it. */
export const FORM_CANCEL_EVENT = 'hive-form-cancel';

declare global {
  interface HTMLElementEventMap {
    [FORM_CANCEL_EVENT]: CustomEvent<void>;
  }
}
