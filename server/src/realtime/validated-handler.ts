import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { HubRequestResult } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import { toFieldIssues } from '../http/validation.js';

export const ERROR_EVENT = 'hub:error';

/**
 * Register a socket handler whose payload is validated by `schema` first. A bad payload gets
 * an error (as the ack answer when the client asked for one, and as an `hub:error` event) and
 * never reaches the handler; a thrown error is reported the same way and never crashes the hub.
 */
export function onValidated<S extends z.ZodType>(
  socket: Socket,
  event: string,
  schema: S,
  handler: (data: z.output<S>) => Promise<unknown>,
  log: (msg: string) => void,
): void {
  socket.on(event, async (payload: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: HubRequestResult) => void) : null;
    const fail = (code: string, message: string, details?: unknown) => {
      socket.emit(ERROR_EVENT, { event, code, message, details });
      reply?.({ ok: false, error: { code, message } });
    };
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issues = toFieldIssues(parsed.error);
      fail('VALIDATION_FAILED', `Invalid ${event} payload: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
      return;
    }
    try {
      const data = await handler(parsed.data);
      reply?.({ ok: true, data: data ?? null });
    } catch (err) {
      if (err instanceof AppError) fail(err.code, err.message, err.details);
      else {
        log(`${event} handler failed: ${(err as Error).stack ?? String(err)}`);
        fail('INTERNAL', 'The hub could not handle this request');
      }
    }
  });
}
