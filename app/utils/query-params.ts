/** The named, non-empty search params of a request: what a list page's loader filters by. */
export function pickQueryParams<K extends string>(request: Request, keys: readonly K[]): Partial<Record<K, string>> {
  const params = new URL(request.url).searchParams;
  const query: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query;
}
