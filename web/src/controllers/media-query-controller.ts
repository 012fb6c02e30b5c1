import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `matches` of a CSS media query, re-rendering the host whenever it flips. */
export class MediaQueryController implements ReactiveController {
  private readonly mediaQuery: MediaQueryList;
  matches: boolean;

  constructor(
    private readonly host: ReactiveControllerHost,
    query: string,
  ) {
    this.mediaQuery = window.matchMedia(query);
    this.matches = this.mediaQuery.matches;
    host.addController(this);
  }

  hostConnected(): void {
    this.mediaQuery.addEventListener('change', this.onChange);
    this.onChange();
  }

  hostDisconnected(): void {
    this.mediaQuery.removeEventListener('change', this.onChange);
  }

  private readonly onChange = (): void => {
    if (this.matches === this.mediaQuery.matches) return;
    this.matches = this.mediaQuery.matches;
    this.host.requestUpdate();
  };
}
