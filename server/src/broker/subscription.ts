/**
 * One subscribe() call, shared by both adapters' pub/sub. Each call gets its own record, so the
 * same function subscribed twice is called twice and each Unsubscribe removes only its own.
 */
import type { BrokerErrorReporter } from './errors.js';

export interface Subscription {
  readonly handler: (message: string) => void;
  /** Cleared by unsubscribe; a message already on its way is then dropped, not delivered. */
  active: boolean;
}

/** Call one handler; a handler that throws must not keep the message from the others. */
export function deliverToHandler(
  subscription: Subscription,
  message: string,
  channel: string,
  reportError: BrokerErrorReporter,
): void {
  try {
    subscription.handler(message);
  } catch (error) {
    reportError(error, `subscriber of ${channel} threw`);
  }
}
