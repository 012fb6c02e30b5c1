import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Within this many pixels of the bottom counts as "at the bottom". */
const BOTTOM_SLACK_PX = 32;

/**
 * A live log that sticks to its newest line (at the bottom) like `tail -f`, until the
 * person scrolls up to read: then it stays put and counts what arrived meanwhile ("N new"),
 * and following resumes when they scroll back down or ask for it.
 *
 * The host tells it how many lines it shows on each render (`track`); the scroller is
 * looked up after each update, so it may come and go.
 */
export class FollowScrollController implements ReactiveController {
  /** Sticking to the bottom. */
  following = true;
  /** Lines added since following stopped. */
  unseen = 0;
  private lastCount: number | null = null;
  private scroller: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly findScroller: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  /** Call while rendering with the number of lines shown. */
  track(count: number): void {
    if (this.lastCount !== null && count > this.lastCount && !this.following) this.unseen += count - this.lastCount;
    this.lastCount = count;
  }

  /** Jump to the newest line and follow again. */
  follow(): void {
    this.following = true;
    this.unseen = 0;
    this.host.requestUpdate();
  }

  /** Stop following (a "Pause" button, for those who do not scroll). */
  pause(): void {
    this.following = false;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const scroller = this.findScroller();
    if (scroller !== this.scroller) {
      this.scroller?.removeEventListener('scroll', this.onScroll);
      scroller?.addEventListener('scroll', this.onScroll, { passive: true });
      this.scroller = scroller;
    }
    if (scroller && this.following) scroller.scrollTop = scroller.scrollHeight;
  }

  hostDisconnected(): void {
    this.scroller?.removeEventListener('scroll', this.onScroll);
    this.scroller = null;
  }

  private readonly onScroll = (): void => {
    const scroller = this.scroller;
    if (!scroller) return;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= BOTTOM_SLACK_PX;
    if (atBottom === this.following) return;
    this.following = atBottom;
    if (atBottom) this.unseen = 0;
    this.host.requestUpdate();
  };
}
