import { Link } from "@remix-run/react";

/** Previous/next links for a paged list, keeping the list's other filters in the address. */
export function Pager({ page, query }: { page: { number: number; count: number }; query: Record<string, string | undefined> }) {
  if (page.count <= 1) return null;
  const pageLink = (n: number) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === "string"));
    params.set("page", String(n));
    return `?${params.toString()}`;
  };
  return (
    <nav aria-label="Pages" className="pager">
      {page.number > 1 ? <Link to={pageLink(page.number - 1)}>Previous page</Link> : <span />}
      <span>
        Page {page.number} of {page.count}
      </span>
      {page.number < page.count ? <Link to={pageLink(page.number + 1)}>Next page</Link> : <span />}
    </nav>
  );
}
