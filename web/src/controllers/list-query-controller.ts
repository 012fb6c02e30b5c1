import { Task, type TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import { type ListQuery, PAGE_SIZE, hasFilters, readListQuery } from '../router/list-query.js';
import { navigate, withQuery } from '../router/navigation.js';

/** `{ items, total, limit, offset }`: one page of a REST list. */
export interface ListPage<Item> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}

/** What a list endpoint is asked for; empty filters are left out. */
export interface ListRequest<Status extends string, Type extends string> {
  q?: string;
  status?: Status;
  type?: Type;
  limit: number;
  offset: number;
}

export interface ListQueryOptions<Status extends string, Type extends string, Item> {
  /** The panel's path; its query string holds the filters and the page offset. */
  path: string;
  /** Values the `status` and `type` filters may take; anything else in the URL is ignored. */
  statuses: readonly Status[];
  types: readonly Type[];
  load: (request: ListRequest<Status, Type>, signal: AbortSignal) => Promise<ListPage<Item>>;
}

/**
 * What renderListPanel() draws from: the filters in the URL, the page in a @lit/task-like
 * state, and the navigation between filters and pages. A ListQueryController loads each
 * page over REST; a LiveListController (live-list-controller.ts) cuts it from a live collection.
 */
export interface ListSource<Status extends string, Type extends string, Item> {
  readonly filters: ListQuery<Status, Type>;
  readonly filtered: boolean;
  readonly page: { readonly status: TaskStatus; readonly value?: ListPage<Item> | undefined; readonly error?: unknown };
  reload(): void;
  changeFilters(changes: Record<string, string>): void;
  clearFilters(): void;
  goToOffset(offset: number): void;
}

/** A list panel: an element that receives the URL's query parameters from the router. */
export type ListQueryHost = ReactiveControllerHost & HTMLElement & { query: URLSearchParams };

/**
 * A filtered, paginated list whose filters live in the URL (`/agents?status=idle&q=x`).
 * The page is loaded with @lit/task, which reloads whenever the host's `query` changes
 * and aborts the request it replaces; changing a filter or the page is a navigation, so
 * Back undoes it and the view can be shared.
 */
export class ListQueryController<Status extends string, Type extends string, Item> implements ListSource<Status, Type, Item> {
  readonly page: Task<readonly [string, Status | '', Type | '', number], ListPage<Item>>;

  constructor(
    private readonly host: ListQueryHost,
    private readonly options: ListQueryOptions<Status, Type, Item>,
  ) {
    this.page = new Task(host, {
      task: ([q, status, type, offset], { signal }) =>
        options.load(
          { q: q || undefined, status: status || undefined, type: type || undefined, limit: PAGE_SIZE, offset },
          signal,
        ),
      args: () => {
        const filters = this.filters;
        return [filters.q, filters.status, filters.type, filters.offset] as const;
      },
    });
  }

  get filters(): ListQuery<Status, Type> {
    return readListQuery(this.host.query, this.options.statuses, this.options.types);
  }

  get filtered(): boolean {
    return hasFilters(this.filters);
  }

  /** Loads the current page again (after a Retry, or when a row was added). */
  reload(): void {
    void this.page.run();
  }

  changeFilters(changes: Record<string, string>): void {
    // A new filter starts again at the first page; typing replaces history, not adds to it.
    navigate(withQuery(this.options.path, this.host.query, { ...changes, offset: null }), { replace: 'q' in changes });
  }

  clearFilters(): void {
    navigate(this.options.path);
  }

  goToOffset(offset: number): void {
    navigate(withQuery(this.options.path, this.host.query, { offset }));
    this.host.scrollIntoView({ block: 'start' });
  }
}
