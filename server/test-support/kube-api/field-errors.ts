/**
 * Collects field errors the way apimachinery's `field.ErrorList` does, with the same reasons
 * and message shapes (`spec.containers: Required value`, `metadata.name: Invalid value:
 * "Bad_Name": ...`), and turns them into a 422 Invalid Status.
 */
import { invalid, type KubeApiError, type StatusCause } from './status.js';

export class FieldErrors {
  readonly causes: StatusCause[] = [];

  required(field: string, detail?: string): void {
    this.causes.push({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' });
  }

  invalid(field: string, value: unknown, detail: string): void {
    this.causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` });
  }

  duplicate(field: string, value: unknown): void {
    this.causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(value)}` });
  }

  notFound(field: string, value: unknown): void {
    this.causes.push({ reason: 'FieldValueNotFound', field, message: `Not found: ${JSON.stringify(value)}` });
  }

  notSupported(field: string, value: unknown, supported: string[]): void {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    this.causes.push({ reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${list}` });
  }

  forbidden(field: string, detail: string): void {
    this.causes.push({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });
  }

  /** Runs a name/label checker and records each message as an invalid value. */
  check(field: string, value: string, checker: (v: string) => string[]): void {
    for (const message of checker(value)) this.invalid(field, value, message);
  }

  throwIfAny(kind: string, name: string): void {
    if (this.causes.length > 0) throw this.toError(kind, name);
  }

  toError(kind: string, name: string): KubeApiError {
    return invalid(kind, name, this.causes);
  }
}
