import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { countAwaitingApproval } from '../api/proposals.js';
import { PollingController } from './polling-controller.js';

/**
 * Anyone who changes proposals (an approval, a live event) can fire this on `window` so
 * the count in the navigation follows at once instead of at the next poll.
 */
export const APPROVALS_CHANGED_EVENT = 'hive-approvals-changed';

/** A badge is a hint: a minute-old count is fine, a request every second is not. */
const REFRESH_MS = 30_000;

/**
 * How many proposals wait for a person's approval, for the badge on "Approvals" in the
 * navigation. Asked for while someone is signed in and the hub is reachable: when that
 * starts, every 30 s while the page is visible, when the page comes back into view, and
 * on APPROVALS_CHANGED_EVENT. A failed refresh keeps the last count.
 */
export class ApprovalsCountController implements ReactiveController {
  /** Proposals in `awaiting_approval`; 0 until known. */
  count = 0;
  private active = false;
  private inFlight: AbortController | null = null;
  private readonly polling: PollingController;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Whether the count may be asked for now (signed in, hub reachable). */
    private readonly enabled: () => boolean,
  ) {
    host.addController(this);
    this.polling = new PollingController(host, { intervalMs: REFRESH_MS, run: () => void this.refresh(), enabled });
  }

  hostConnected(): void {
    window.addEventListener(APPROVALS_CHANGED_EVENT, this.onChanged);
  }

  hostDisconnected(): void {
    window.removeEventListener(APPROVALS_CHANGED_EVENT, this.onChanged);
    this.inFlight?.abort();
  }

  /** Follows sign-in and sign-out: counts as soon as it may, forgets the count when it may not. */
  hostUpdate(): void {
    const enabled = this.enabled();
    if (enabled === this.active) return;
    this.active = enabled;
    if (enabled) {
      this.polling.runNow();
    } else {
      this.inFlight?.abort();
      this.count = 0;
    }
  }

  async refresh(): Promise<void> {
    this.inFlight?.abort();
    const request = new AbortController();
    this.inFlight = request;
    try {
      const count = await countAwaitingApproval(request.signal);
      if (count !== this.count) {
        this.count = count;
        this.host.requestUpdate();
      }
    } catch {
      // A hint, not a page: keep the last count until the next refresh works.
    } finally {
      if (this.inFlight === request) this.inFlight = null;
    }
  }

  private readonly onChanged = (): void => {
    if (this.enabled()) void this.refresh();
  };
}

declare global {
  interface WindowEventMap {
    [APPROVALS_CHANGED_EVENT]: Event;
  }
}
