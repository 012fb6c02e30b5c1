/**
 * History-API navigation. Anyone may call `navigate()`; the RouterController of
 * <hive-app> hears it through LOCATION_CHANGED_EVENT, and the browser's back/forward
 * through `popstate`. The hub serves index.html for every non-API path, so any URL the
 * app produces can be reloaded or shared.
 */
export const LOCATION_CHANGED_EVENT = 'hive-location-changed';

export interface NavigateOptions {
  /** Replace the current history entry (filters while typing) instead of adding one. */
  replace?: boolean;
}

export function navigate(url: string, options: NavigateOptions = {}): void {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) {
    location.assign(target.href);
    return;
  }
  const next = `${target.pathname}${target.search}${target.hash}`;
  if (next === `${location.pathname}${location.search}${location.hash}`) return;
  if (options.replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  window.dispatchEvent(new Event(LOCATION_CHANGED_EVENT));
}

/**
 * Build `path?…` from the current query with some keys changed. Empty values (null,
 * '' and 0, the first page's offset) are dropped so URLs stay short and shareable.
 */
export function withQuery(path: string, current: URLSearchParams, changes: Record<string, string | number | null>): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '' || value === 0) next.delete(key);
    else next.set(key, String(value));
  }
  const search = next.toString();
  return search ? `${path}?${search}` : path;
}
