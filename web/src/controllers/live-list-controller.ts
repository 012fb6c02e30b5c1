import { TaskStatus } from '@lit/task';
import { type ListQuery, PAGE_SIZE, hasFilters, readListQuery } from '../router/list-query.js';
import { navigate, withQuery } from '../router/navigation.js';
import type { LiveCollection } from '../state/live-collection.js';
import type { LiveSpec } from '../state/live-resource.js';
import type { ListPage, ListQueryHost, ListSource } from './list-query-controller.js';
import { LiveController } from './live-controller.js';

export interface LiveListOptions<Status extends string, Type extends string, Item> {
  /** The panel's path; its query string holds the filters and the page offset. */
  path: string;
  statuses: readonly Status[];
  types: readonly Type[];
  /** The live collection the list is cut from (the whole fleet, say). */
  spec: LiveSpec<LiveCollection<Item>>;
  /** Whether an item passes the URL's filters. */
  matches: (item: Item, filters: ListQuery<Status, Type>) => boolean;
}

/**
 * The ListSource of a live list: the same URL filters and pages as ListQueryController,
 * cut on the client from a live collection, so rows appear, change and go as the hub
 * reports them, with no reload.
 */
export class LiveListController<Status extends string, Type extends string, Item> implements ListSource<Status, Type, Item> {
  private readonly live: LiveController<LiveCollection<Item>>;
  private cache: { items: readonly Item[]; key: string; page: ListPage<Item> } | null = null;

  constructor(
    private readonly host: ListQueryHost,
    private readonly options: LiveListOptions<Status, Type, Item>,
  ) {
    this.live = new LiveController(host, () => options.spec);
  }

  /** The collection itself (e.g. for its stale marker). */
  get collection(): LiveCollection<Item> | null {
    return this.live.value;
  }

  get filters(): ListQuery<Status, Type> {
    return readListQuery(this.host.query, this.options.statuses, this.options.types);
  }

  get filtered(): boolean {
    return hasFilters(this.filters);
  }

  get page(): ListSource<Status, Type, Item>['page'] {
    const state = this.live.value?.state;
    if (!state || state.status === 'loading') return { status: TaskStatus.PENDING };
    if (state.status === 'error') return { status: TaskStatus.ERROR, error: state.error };
    return { status: state.reloading ? TaskStatus.PENDING : TaskStatus.COMPLETE, value: this.cut(state.items) };
  }

  reload(): void {
    void this.live.value?.reload();
  }

  changeFilters(changes: Record<string, string>): void {
    navigate(withQuery(this.options.path, this.host.query, { ...changes, offset: null }), { replace: 'q' in changes });
  }

  clearFilters(): void {
    navigate(this.options.path);
  }

  goToOffset(offset: number): void {
    navigate(withQuery(this.options.path, this.host.query, { offset }));
    this.host.scrollIntoView({ block: 'start' });
  }

  /** The current page of the filtered items; the same object while nothing changed. */
  private cut(items: readonly Item[]): ListPage<Item> {
    const filters = this.filters;
    const key = JSON.stringify(filters);
    if (this.cache && this.cache.items === items && this.cache.key === key) return this.cache.page;
    const matching = items.filter((item) => this.options.matches(item, filters));
    const page = { items: matching.slice(filters.offset, filters.offset + PAGE_SIZE), total: matching.length, limit: PAGE_SIZE, offset: filters.offset };
    this.cache = { items, key, page };
    return page;
  }
}
