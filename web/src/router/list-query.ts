/**
 * The filters and page of a list panel, kept in the URL (`/agents?status=idle&q=x`) so
 * a filtered view survives reload, can be shared, and Back undoes a filter.
 */
export interface ListQuery<Status extends string, Type extends string> {
  q: string;
  status: Status | '';
  type: Type | '';
  offset: number;
}

/** Rows per page; small enough for a phone, large enough to scan on a desktop. */
export const PAGE_SIZE = 25;

/**
 * Reads the list query from URL parameters. Values the API would reject (an unknown
 * status typed into the address bar) are dropped rather than turned into a 422.
 */
export function readListQuery<Status extends string, Type extends string>(
  params: URLSearchParams,
  statuses: readonly Status[],
  types: readonly Type[],
): ListQuery<Status, Type> {
  const status = params.get('status') ?? '';
  const type = params.get('type') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 120),
    status: (statuses as readonly string[]).includes(status) ? (status as Status) : '',
    type: (types as readonly string[]).includes(type) ? (type as Type) : '',
    offset: Number.isFinite(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0,
  };
}

export function hasFilters(query: ListQuery<string, string>): boolean {
  return query.q !== '' || query.status !== '' || query.type !== '';
}
