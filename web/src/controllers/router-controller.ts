import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LOCATION_CHANGED_EVENT, navigate } from '../router/navigation.js';

export interface AppLocation {
  readonly path: string;
  readonly query: URLSearchParams;
  /** True when the change came from a link, a button or back/forward, not the first load. */
  readonly navigated: boolean;
}

/**
 * Tracks the browser location for its host and turns clicks on same-origin links —
 * including links inside shadow roots — into History-API navigations, so every nav item
 * is a real <a href> (middle-click, copy link and screen readers keep working).
 */
export class RouterController implements ReactiveController {
  location: AppLocation = readLocation(false);

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onLocationChanged);
    window.addEventListener(LOCATION_CHANGED_EVENT, this.onLocationChanged);
    document.addEventListener('click', this.onClick);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onLocationChanged);
    window.removeEventListener(LOCATION_CHANGED_EVENT, this.onLocationChanged);
    document.removeEventListener('click', this.onClick);
  }

  private readonly onLocationChanged = (): void => {
    this.location = readLocation(true);
    this.host.requestUpdate();
  };

  private readonly onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !anchor.href || anchor.hasAttribute('download')) return;
    if (anchor.target && anchor.target !== '_self') return;
    const url = new URL(anchor.href);
    // API links (e.g. the OpenAPI document) are real server pages, not app routes.
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.href);
  };
}

function readLocation(navigated: boolean): AppLocation {
  return { path: normalisePath(location.pathname), query: new URLSearchParams(location.search), navigated };
}

/** `/agents/` and `/agents` are the same page. */
function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
